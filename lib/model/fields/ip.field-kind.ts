import { isIP } from 'node:net';
import { defineFieldKind, NO_ERRORS } from './field-kind.js';

/** @internal `IPField`: an IPv4 or IPv6 address string, checked by the model and by `string::is_ip` in the schema. */
export const ipKind = defineFieldKind({
  kind: 'ip',
  expected: 'a string',
  textual: true,
  is: (value) => typeof value === 'string',
  checkOptions: (options, _where, fail) => {
    if (options.version !== undefined && ![4, 6].includes(options.version)) {
      fail('option "version" must be 4 or 6');
    }
  },
  check: (value, field, context) => {
    const found = isIP(value as string);
    const { version } = field.options;
    if (found && (version === undefined || found === version)) return NO_ERRORS;
    return [
      context.fail(
        'ip',
        version === 6
          ? 'must be an IPv6 address such as 2001:db8::1'
          : version === 4
            ? 'must be an IPv4 address such as 192.0.2.1'
            : 'must be an IP address such as 192.0.2.1 or 2001:db8::1',
      ),
    ];
  },
  surqlType: () => 'string',
  assertions: (field) => [
    `string::is_ip${field.options.version ? `v${field.options.version}` : ''}($value)`,
  ],
});

/** Runs every benchmark in turn: `npm run bench`. */
const suites = process.argv.slice(2);
const all = ['models', 'change-tracking', 'pool', 'graph'];
for (const suite of suites.length ? suites : all) {
  const { run } = (await import(`./${suite}.bench.js`)) as {
    run: () => Promise<void>;
  };
  console.log(`\n## ${suite}`);
  await run();
}

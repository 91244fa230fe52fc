import {
  nativeBinding,
  type NativeEngine,
} from '../../connection/native-binding.js';
import type { EngineCapabilities } from './capabilities.js';

/** Opens the embedded engine on `mem://`, `surrealkv:///abs/dir` or `rocksdb:///abs/dir`. */
export async function openNativeEngine(
  storage: string,
  capabilities: EngineCapabilities,
): Promise<NativeEngine> {
  return nativeBinding().SurrealNodeEngine.connect(storage, { capabilities });
}

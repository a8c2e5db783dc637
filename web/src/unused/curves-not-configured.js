// Stands in for the curves and ciphers eciesjs supports but HealthKey's ECIES configuration (secp256k1, AES-256-GCM,
// docs/FORMAT.md) never selects: eciesjs requires them at load time and chooses at run time, so without this esbuild
// would ship ed25519, x25519 and XChaCha20-Poly1305 that no code path reaches. build.mjs aliases them here; a call
// reaching one would be a configuration change, and fails loudly instead of silently using another algorithm.
const notConfigured = (name) => new Proxy({}, {
  get: () => { throw new Error(`${name} is not part of HealthKey's ECIES configuration`); },
});
export const ed25519 = notConfigured('ed25519');
export const x25519 = notConfigured('x25519');
export const xchacha20 = notConfigured('xchacha20');

/**
 * The test harness for modules: {@link dev.lightcone.testing.TestDatabase} loads a module's {@code .wasm}
 * in-process (the real datastore and WebAssembly host, no server, no network, no disk) so a JUnit test can call
 * reducers and procedures as any identity, read tables ({@link dev.lightcone.testing.TableView}) and the module
 * log, and move a simulated clock that fires schedules. Outcomes are {@link dev.lightcone.testing.ReducerCall}
 * and {@link dev.lightcone.testing.ProcedureCall}; {@link dev.lightcone.testing.JavaValues} turns plain Java
 * arguments into SATS values. This artifact ({@code lightcone-testing}) is for tests only: add it with
 * {@code <scope>test</scope>}; the server never loads it. See {@code docs/testing.md}.
 */
package dev.lightcone.testing;

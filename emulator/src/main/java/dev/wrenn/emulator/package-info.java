/**
 * A local emulator of the Wrenn capsule API, for tests, examples and development without an account.
 *
 * <p><strong>It runs the commands it is sent as real processes on this machine, as the current user. It is a
 * development tool, not a sandbox:</strong> never expose it to untrusted clients.
 *
 * @see dev.wrenn.emulator.WrennEmulator
 */
package dev.wrenn.emulator;

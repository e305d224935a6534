/**
 * A JUnit 5 extension that gives tests a local Wrenn emulator and a ready client for it.
 *
 * <p>Annotate a test class with {@link dev.wrenn.emulator.junit.WrennEmulatorTest}, or register a configured
 * {@link dev.wrenn.emulator.junit.WrennEmulatorExtension} with {@code @RegisterExtension}; then declare
 * {@link dev.wrenn.emulator.WrennEmulator}, {@link dev.wrenn.client.WrennClient} or
 * {@link dev.wrenn.client.Capsule} parameters on test and lifecycle methods.
 */
package dev.wrenn.emulator.junit;

/**
 * Implementation of the Wrenn emulator. Nothing in this package is a supported API: it may change in any release.
 * Use {@link dev.wrenn.emulator.WrennEmulator} instead.
 */
package dev.wrenn.emulator.internal;

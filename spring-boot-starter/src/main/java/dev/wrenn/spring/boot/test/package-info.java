/** Test support: run a Spring test's application context against a local Wrenn emulator. */
package dev.wrenn.spring.boot.test;

/**
 * Spring Boot auto-configuration for the Wrenn reactive client: a {@code WrennClient} bean from the
 * {@code wrenn.*} properties, a health indicator, and the local emulator for tests and local runs.
 */
package dev.wrenn.spring.boot;

/**
 * A non-blocking client for Wrenn capsules on Project Reactor and Reactor Netty.
 *
 * <p>Start with {@link dev.wrenn.client.WrennClient}: its {@link dev.wrenn.client.Capsules} manage capsules and
 * its {@link dev.wrenn.client.Processes} list, kill, start and attach to processes. Streams are
 * {@code Flux<}{@link dev.wrenn.client.ProcessEvent}{@code >}; every failure is a
 * {@link dev.wrenn.client.WrennException}. Everything in {@code dev.wrenn.client.internal} is implementation and
 * may change without notice.
 */
package dev.wrenn.client;

/**
 * Thread-safe in-memory implementations of every SPI, for tests, demos and single-process hosts.
 * The suite every store must pass, {@code TokenStoreContract}, is in the test kit
 * ({@code wvs-auth-tck}).
 */
package io.wvs.auth.inmemory;

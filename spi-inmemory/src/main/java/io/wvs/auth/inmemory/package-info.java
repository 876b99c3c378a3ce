/**
 * Thread-safe in-memory implementations of every SPI, for tests, demos and single-process hosts.
 * The test-jar of this module carries {@code TokenStoreContract}, the suite every store must pass.
 */
package io.wvs.auth.inmemory;

package io.wvs.auth.demo;

import io.wvs.auth.spi.BotAccounts;
import io.wvs.auth.spi.PasswordVerifier;
import io.wvs.auth.spi.ResourceDirectory;
import io.wvs.auth.spi.UserDirectory;

/** Every capability the demo's directory gives the library, as one type the tests can wrap. */
interface HostDirectory extends UserDirectory, ResourceDirectory, BotAccounts, PasswordVerifier {}

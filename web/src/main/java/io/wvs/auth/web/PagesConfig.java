package io.wvs.auth.web;

import io.wvs.auth.WvsAuth;

/** What the pages were built with. */
record PagesConfig(WvsAuth auth, SignedInUser signedInUser, String signInPath, String signOutPath,
    Navigation navigation) {}

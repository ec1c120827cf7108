/** jvino's port of NNCF's public API: compression modes, fallbacks and parameters. */
package dev.jvino.nncf;

/**
 * Authentication of every call: the development token or signed JWTs, the registered API keys, the
 * {@code --auth-config} file, and the interceptor that admits a call and names its tenant.
 */
package io.segexport.server.auth;

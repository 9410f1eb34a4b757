/**
 * The server's TLS: its certificate chain and private key read from PEM files once, for both ports.
 */
package io.segexport.server.tls;

/**
 * The documented JSON of the contract's messages, shared by the gateway and the client: 64-bit
 * integers as numbers, the always-written fields, and reading errors that name the JSON path. It
 * depends on {@code io.segexport.v1} alone.
 */
package io.segexport.json;

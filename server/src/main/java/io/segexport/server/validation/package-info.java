/**
 * Rules for request values every service shares: ids, page sizes, RFC 3339 times, text lengths and
 * how error messages quote values.
 */
package io.segexport.server.validation;

/**
 * The PQL subset of segment definitions: lexer, parser and evaluator over a merged profile and its
 * events. It reads no store.
 */
package io.segexport.server.pql;

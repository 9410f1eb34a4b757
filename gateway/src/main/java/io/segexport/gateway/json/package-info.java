/**
 * The JSON codec of {@code io.segexport.json} as Armeria's marshaller for transcoded calls.
 */
package io.segexport.gateway.json;

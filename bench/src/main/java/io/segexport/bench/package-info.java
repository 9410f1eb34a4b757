/**
 * The benchmark suite ({@code scripts/bench}): runs the shipped server jar as a separate process,
 * loads and measures it over gRPC and REST, and prints each figure against its goal. Nothing depends
 * on it.
 */
package io.segexport.bench;

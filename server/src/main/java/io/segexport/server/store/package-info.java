/**
 * The storage infrastructure every store builds on: the RocksDB database and its column families,
 * tenant-prefixed keys, keyset pages, tenant records, the data folder and its format version. It
 * depends on no other package of ours.
 */
package io.segexport.server.store;

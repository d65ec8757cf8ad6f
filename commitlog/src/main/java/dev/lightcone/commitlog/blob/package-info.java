/** Content-addressed storage for large values (module bytes) that log records refer to by hash. */
package dev.lightcone.commitlog.blob;

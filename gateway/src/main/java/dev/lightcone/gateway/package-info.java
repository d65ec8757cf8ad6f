/** The HTTP and WebSocket gateway and the {@code lightcone} command line. */
package dev.lightcone.gateway;

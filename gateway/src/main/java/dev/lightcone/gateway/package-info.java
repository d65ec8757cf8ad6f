/** The HTTP and WebSocket gateway; the {@code lightcone} command line that starts it is module {@code cli}. */
package dev.lightcone.gateway;

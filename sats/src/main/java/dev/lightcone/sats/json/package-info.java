/** SATS-JSON, the JSON form of SATS values used by the HTTP routes: {@link dev.lightcone.sats.json.SatsJson}. */
package dev.lightcone.sats.json;

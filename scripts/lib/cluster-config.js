// Rewrites one IPFS Cluster peer's service.json for HealthKey's loopback cluster (scripts/start-cluster.sh).
// Usage: node cluster-config.js SERVICE_JSON; every setting comes from the environment (never from argv, so the
// secret is not on any command line): CLUSTER_SECRET_FILE, CLUSTER_PEERNAME, CLUSTER_TRUSTED_PEERS (comma-separated
// peer ids), CLUSTER_SWARM_PORT, CLUSTER_REST_PORT, CLUSTER_PROXY_PORT, CLUSTER_KUBO_API_PORT,
// CLUSTER_REPLICATION_MIN, CLUSTER_REPLICATION_MAX, CLUSTER_MONITOR_INTERVAL (a Go duration).
'use strict';
const fs = require('fs');

const file = process.argv[2];
const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const loopback = (port) => `/ip4/127.0.0.1/tcp/${port}`;

const config = JSON.parse(fs.readFileSync(file, 'utf8'));
const cluster = config.cluster;
cluster.peername = env('CLUSTER_PEERNAME');
cluster.secret = fs.readFileSync(env('CLUSTER_SECRET_FILE'), 'utf8').trim();
cluster.listen_multiaddress = [loopback(env('CLUSTER_SWARM_PORT'))];   // the cluster's libp2p: loopback, TCP only
cluster.announce_multiaddress = [];
cluster.enable_relay_hop = false;
cluster.mdns_interval = '0s';                                           // no discovery: the peerstore names the peers
cluster.replication_factor_min = Number(env('CLUSTER_REPLICATION_MIN'));
cluster.replication_factor_max = Number(env('CLUSTER_REPLICATION_MAX'));
cluster.disable_repinning = false;                                      // a lost peer's pins go to the others
cluster.monitor_ping_interval = env('CLUSTER_MONITOR_INTERVAL');
cluster.peer_watch_interval = env('CLUSTER_MONITOR_INTERVAL');

config.consensus.crdt.cluster_name = 'healthkey';
config.consensus.crdt.trusted_peers = env('CLUSTER_TRUSTED_PEERS').split(',');

delete config.api.pinsvcapi;                                            // only the REST API and the IPFS proxy
config.api.restapi.http_listen_multiaddress = loopback(env('CLUSTER_REST_PORT'));
config.api.restapi.cors_allowed_origins = [];
config.api.ipfsproxy.listen_multiaddress = loopback(env('CLUSTER_PROXY_PORT'));
config.api.ipfsproxy.node_multiaddress = loopback(env('CLUSTER_KUBO_API_PORT'));
config.ipfs_connector.ipfshttp.node_multiaddress = loopback(env('CLUSTER_KUBO_API_PORT'));
config.ipfs_connector.ipfshttp.connect_swarms_delay = '1s';
config.monitor.pubsubmon.check_interval = env('CLUSTER_MONITOR_INTERVAL');

const pebble = config.datastore && config.datastore.pebble && config.datastore.pebble.pebble_options;
if (pebble) {                                                           // three peers share one small machine
  pebble.cache_size_bytes = 64 * 1024 * 1024;
  pebble.mem_table_size = 16 * 1024 * 1024;
}

fs.writeFileSync(file, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });

import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Config, ConfigError } from '../../config.ts';
import { keyIdOf } from '../../domain/events/seal.ts';

/** The instance's event-log sealing key pair. */
export interface SealKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
  /** The public key as PEM (SPKI), what auditors are given. */
  publicKeyPem: string;
}

/** Largest key file read: an Ed25519 PEM is about 120 bytes. */
const KEY_FILE_LIMIT = 16 * 1024;

function readKeyFile(file: string, what: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    throw new ConfigError(`${what} ${file} cannot be read: ${(error as NodeJS.ErrnoException).code}`);
  }
  if (!stat.isFile() || stat.size > KEY_FILE_LIMIT)
    throw new ConfigError(`${what} ${file} is not a PEM key file (at most ${KEY_FILE_LIMIT} bytes)`);
  return fs.readFileSync(file, 'utf8');
}

function privateKeyFrom(pem: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new ConfigError(
      `${where} is not a private key in PEM (make one: openssl genpkey -algorithm ed25519)`,
    );
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new ConfigError(`${where} is a ${key.asymmetricKeyType} key; the event log is sealed with Ed25519`);
  return key;
}

function pairOf(privateKey: KeyObject): SealKey {
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Where the key is kept when it is not given by AMANA_SEAL_KEY. */
export function sealKeyFile(config: Config): string {
  return config.sealKeyFile ?? path.join(config.dataDir, 'seal-key.pem');
}

/**
 * The sealing key: AMANA_SEAL_KEY, else the file AMANA_SEAL_KEY_FILE (which must exist: a configured key that
 * is missing, say an unmounted volume, must not silently become a new key), else `seal-key.pem` in the data
 * directory, made once (mode 0600) when `create` is set. Null when there is none and `create` is not set.
 */
export function loadSealKey(config: Config, options: { create: boolean }): SealKey | null {
  if (config.sealKey) {
    // An environment file holds one line: accept the PEM's newlines written as \n.
    const pem = config.sealKey.includes('\n') ? config.sealKey : config.sealKey.replaceAll('\\n', '\n');
    return pairOf(privateKeyFrom(pem, 'AMANA_SEAL_KEY'));
  }
  if (config.sealKeyFile)
    return pairOf(privateKeyFrom(readKeyFile(config.sealKeyFile, 'AMANA_SEAL_KEY_FILE'), config.sealKeyFile));
  const file = sealKeyFile(config);
  if (!fs.existsSync(file)) {
    if (!options.create) return null;
    fs.mkdirSync(config.dataDir, { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
        mode: 0o600,
        flag: 'wx',
      });
    } catch (error) {
      // Another process made it first: use that one.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return pairOf(privateKeyFrom(readKeyFile(file, 'the seal key file'), file));
}

/** Reads an Ed25519 public key (or a private key, whose public half is taken) from a PEM file. */
export function readPublicKeyFile(file: string): KeyObject {
  const pem = readKeyFile(file, 'the public key file');
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new ConfigError(`${file} is not a public key in PEM (amana seal public-key prints one)`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new ConfigError(`${file} is a ${key.asymmetricKeyType} key; the event log is sealed with Ed25519`);
  return key;
}

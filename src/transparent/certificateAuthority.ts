import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createSecureContext, type SecureContext } from 'node:tls';
import forge from 'node-forge';
import type { DingoConfig } from '../config.js';

/** The CA's certificate, the file clients are told to trust. */
export const CA_CERT_FILE = 'dingo-ca.pem';
/** The CA's private key: mode 0600, never served, never printed. */
export const CA_KEY_FILE = 'dingo-ca.key';

const CA_NAME = [
  { name: 'commonName', value: 'Dingo local CA (transparent DingTalk mode)' },
  { name: 'organizationName', value: 'Dingo' },
];
const CA_YEARS = 10;
const LEAF_DAYS = 365;
/** Clients whose clock runs a little behind still accept a certificate made just now. */
const BACKDATE_MS = 24 * 3600_000;

/**
 * Dingo's own certificate authority for transparent mode: created once in `dir`
 * (`dingo-ca.pem`, and `dingo-ca.key` with mode 0600), reused on every later start,
 * and the signer of one leaf certificate per DingTalk host, made on first use and kept
 * in memory. Certificates are built and signed by node-forge; TLS itself is Node's.
 * Validity is in real time (not Dingo's clock): the clients check it against theirs.
 */
export class CertificateAuthority {
  private readonly contexts = new Map<string, SecureContext>();
  private leafKeys: forge.pki.rsa.KeyPair | undefined;

  private constructor(
    /** Absolute path of the CA certificate (PEM). */
    readonly certPath: string,
    private readonly caCert: forge.pki.Certificate,
    private readonly caKey: forge.pki.rsa.PrivateKey,
  ) {}

  /** Loads the CA kept in `dir`, or creates it there (the directory too, mode 0700). */
  static openOrCreate(dir: string): CertificateAuthority {
    const certPath = resolve(join(dir, CA_CERT_FILE));
    const keyPath = resolve(join(dir, CA_KEY_FILE));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    let key: forge.pki.rsa.PrivateKey;
    if (existsSync(keyPath)) {
      key = forge.pki.privateKeyFromPem(readFileSync(keyPath, 'utf8')) as forge.pki.rsa.PrivateKey;
    } else {
      key = forge.pki.rsa.generateKeyPair({ bits: 2048 }).privateKey;
      writeFileSync(keyPath, unixLines(forge.pki.privateKeyToPem(key)), { mode: 0o600, flag: 'wx' });
      chmodSync(keyPath, 0o600); // whatever the umask
    }
    let cert: forge.pki.Certificate;
    if (existsSync(certPath)) {
      cert = forge.pki.certificateFromPem(readFileSync(certPath, 'utf8'));
      if (forge.pki.getPublicKeyFingerprint(cert.publicKey, { encoding: 'hex' }) !== forge.pki.getPublicKeyFingerprint(publicKeyOf(key), { encoding: 'hex' })) {
        throw new Error(`${certPath} is not the certificate of ${keyPath}: remove both to make a new CA`);
      }
    } else {
      // A key without its certificate (a start stopped between the two writes) gets one.
      cert = selfSignedCa(key);
      writeFileSync(certPath, unixLines(forge.pki.certificateToPem(cert)), { mode: 0o644 });
    }
    return new CertificateAuthority(certPath, cert, key);
  }

  /** The CA certificate, PEM, as clients trust it. */
  certificatePem(): string {
    return unixLines(forge.pki.certificateToPem(this.caCert));
  }

  /** A TLS context presenting a certificate for `host` signed by this CA; made once per host. */
  contextFor(host: string): SecureContext {
    let context = this.contexts.get(host);
    if (context === undefined) {
      this.leafKeys ??= forge.pki.rsa.generateKeyPair({ bits: 2048 });
      const leaf = this.leafCertificate(host, this.leafKeys.publicKey);
      context = createSecureContext({
        key: forge.pki.privateKeyToPem(this.leafKeys.privateKey),
        cert: forge.pki.certificateToPem(leaf) + this.certificatePem(),
      });
      this.contexts.set(host, context);
    }
    return context;
  }

  private leafCertificate(host: string, publicKey: forge.pki.PublicKey): forge.pki.Certificate {
    const cert = forge.pki.createCertificate();
    cert.publicKey = publicKey;
    cert.serialNumber = serialNumber();
    cert.validity.notBefore = new Date(Date.now() - BACKDATE_MS);
    cert.validity.notAfter = new Date(Date.now() + LEAF_DAYS * 24 * 3600_000);
    cert.setSubject([{ name: 'commonName', value: host }]);
    cert.setIssuer(this.caCert.subject.attributes);
    cert.setExtensions([
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: host }] },
      { name: 'subjectKeyIdentifier' },
      { name: 'authorityKeyIdentifier', keyIdentifier: this.caCert.generateSubjectKeyIdentifier().getBytes() },
    ]);
    cert.sign(this.caKey, forge.md.sha256.create());
    return cert;
  }
}

function selfSignedCa(key: forge.pki.rsa.PrivateKey): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKeyOf(key);
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(Date.now() - BACKDATE_MS);
  cert.validity.notAfter = new Date(Date.now() + CA_YEARS * 365 * 24 * 3600_000);
  cert.setSubject(CA_NAME);
  cert.setIssuer(CA_NAME);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key, forge.md.sha256.create());
  return cert;
}

/** node-forge writes PEM with CRLF; files and answers use plain newlines, as openssl does. */
function unixLines(pem: string): string {
  return pem.replaceAll('\r\n', '\n');
}

function publicKeyOf(key: forge.pki.rsa.PrivateKey): forge.pki.rsa.PublicKey {
  return forge.pki.setRsaPublicKey(key.n, key.e);
}

/** 128 random bits, positive (the top bit clear), as X.509 wants. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] as number) & 0x7f;
  return bytes.toString('hex');
}

/**
 * Where the CA lives: `--ca-dir` when given; otherwise `ca/` next to an SQLite file (for the
 * default database, `.dingo/ca/`), or `.dingo/ca/` in the working directory for PostgreSQL.
 * Undefined for an in-memory SQLite without `--ca-dir`: its CA is as short-lived as its data
 * (a temporary directory, see `temporaryCaDirectory`).
 */
export function caDirectoryOf(config: Pick<DingoConfig, 'caDir' | 'db'>): string | undefined {
  if (config.caDir !== undefined) return config.caDir;
  if (config.db.kind === 'postgres') return join('.dingo', 'ca');
  return config.db.file === ':memory:' ? undefined : join(dirname(config.db.file), 'ca');
}

/** A new temporary directory for the CA of an in-memory Dingo. */
export function temporaryCaDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'dingo-ca-'));
}

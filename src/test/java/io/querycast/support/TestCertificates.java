package io.querycast.support;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A certificate authority of the test's own, made with Bouncy Castle (EC P-256, one day), and what a TLS broker
 * and its clients need: the broker's key store (certificate for 127.0.0.1 and localhost) and trust store, the
 * CA as a PEM file for clients, a client certificate for mutual TLS, and a second, unrelated CA with a client
 * certificate of its own: one the broker does not trust.
 */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** Files written; stores are PKCS12 with {@link #storePassword}. */
    public record Stores(Path caPem, Path brokerKeystore, Path brokerTruststore, Path clientKeystore, Path untrustedClientKeystore,
                        String storePassword) {
    }

    private record Issued(KeyPair keys, X509Certificate certificate) {
    }

    private TestCertificates() {
    }

    public static Stores write(Path dir, String storePassword) throws Exception {
        Files.createDirectories(dir);
        Issued ca = authority("CN=Querycast Test CA");
        Issued broker = issue(ca, "CN=localhost", true);
        Issued client = issue(ca, "CN=querycast-client", false);
        Issued otherCa = authority("CN=Some Other CA");
        Issued stranger = issue(otherCa, "CN=querycast-client", false);

        Path caPem = dir.resolve("ca.pem");
        Files.writeString(caPem, pem(ca.certificate()));
        Path brokerKeystore = keyStore(dir.resolve("broker.p12"), "broker", broker, ca, storePassword);
        Path brokerTruststore = dir.resolve("broker-trust.p12");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        try (OutputStream out = Files.newOutputStream(brokerTruststore)) {
            trust.store(out, storePassword.toCharArray());
        }
        Path clientKeystore = keyStore(dir.resolve("client.p12"), "client", client, ca, storePassword);
        Path untrusted = keyStore(dir.resolve("untrusted-client.p12"), "client", stranger, otherCa, storePassword);
        return new Stores(caPem, brokerKeystore, brokerTruststore, clientKeystore, untrusted, storePassword);
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static Issued authority(String name) throws Exception {
        KeyPair keys = keys();
        X500Name subject = new X500Name(name);
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), subject, keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new Issued(keys, sign(builder, keys));
    }

    private static Issued issue(Issued ca, String name, boolean server) throws Exception {
        KeyPair keys = keys();
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), new X500Name(name), keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        builder.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(new KeyPurposeId[]{KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        if (server) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        }
        return new Issued(keys, sign(builder, ca.keys()));
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    }

    private static Path keyStore(Path file, String alias, Issued entry, Issued ca, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(alias, entry.keys().getPrivate(), password.toCharArray(), new Certificate[]{entry.certificate(), ca.certificate()});
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    private static String pem(X509Certificate certificate) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(certificate);
        }
        return text.toString();
    }
}

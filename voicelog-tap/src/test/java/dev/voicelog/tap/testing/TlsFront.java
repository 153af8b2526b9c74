package dev.voicelog.tap.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS front for a plain local server, as a load balancer terminates TLS before a service: a real TLS
 * server on 127.0.0.1 with a certificate for {@code localhost} made by the JDK's {@code keytool}, which
 * pipes each connection's bytes to the plain port. {@link #clientContext()} trusts that certificate.
 *
 * <p>Thread-safe: one daemon thread accepts, two per connection pipe. The constructor throws when
 * {@code keytool} fails (its output in the message); a client whose TLS handshake fails is dropped.
 */
public final class TlsFront implements AutoCloseable {
  private static final char[] PASSWORD = "changeit".toCharArray();

  private final KeyStore keys;
  private final ServerSocket listener;
  private final int backendPort;

  public TlsFront(Path workDir, int backendPort) throws Exception {
    this.backendPort = backendPort;
    Files.createDirectories(workDir);
    Path store = workDir.resolve("localhost.p12");
    Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit"))
        .redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes());
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);
    listener = server.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "tls-front");
    t.setDaemon(true);
    t.start();
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** A client context that trusts this front's certificate (and nothing else). */
  public SSLContext clientContext() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("localhost", keys.getCertificate("localhost"));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext client = SSLContext.getInstance("TLS");
    client.init(null, tmf.getTrustManagers(), null);
    return client;
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket tls = listener.accept();
        Socket plain = new Socket(InetAddress.getLoopbackAddress(), backendPort);
        pipe(tls, plain);
        pipe(plain, tls);
      } catch (IOException e) {
        // closed, or one client's handshake failed: go on with the next
      }
    }
  }

  private static void pipe(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException ignored) {
        // one side went away
      } finally {
        try {
          from.close();
          to.close();
        } catch (IOException ignored) {
          // closing
        }
      }
    }, "tls-front-pipe");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}

package dev.gengap.cifar.archive;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * A local HTTP server with one archive laid out like the official CIFAR-10 one (everything under
 * cifar-10-batches-bin/, plus a readme), at {@link #url()}. For tests of every download path.
 */
public final class ArchiveServer implements AutoCloseable {
  private final HttpServer server;
  private final byte[] archive;

  /** Serves an archive holding {@code files} (name to content). */
  public ArchiveServer(Map<String, byte[]> files) throws IOException {
    archive = tarGz(files);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/cifar-10-binary.tar.gz",
        exchange -> {
          exchange.sendResponseHeaders(200, archive.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(archive);
          }
        });
    server.start();
  }

  /** An archive with every file of {@link CifarArchive#FILES}, each holding its own name. */
  public static ArchiveServer withPlaceholderFiles() throws IOException {
    Map<String, byte[]> files = new java.util.LinkedHashMap<>();
    for (String name : CifarArchive.FILES) {
      files.put(name, name.getBytes(StandardCharsets.UTF_8));
    }
    return new ArchiveServer(files);
  }

  public URI url() {
    return URI.create(
        "http://127.0.0.1:" + server.getAddress().getPort() + "/cifar-10-binary.tar.gz");
  }

  public URI urlOf(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  public String md5() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(archive));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public long size() {
    return archive.length;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static byte[] tarGz(Map<String, byte[]> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      tar.putArchiveEntry(new TarArchiveEntry("cifar-10-batches-bin/"));
      tar.closeArchiveEntry();
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        add(tar, "cifar-10-batches-bin/" + file.getKey(), file.getValue());
      }
      add(
          tar,
          "cifar-10-batches-bin/readme.html",
          "<p>CIFAR-10</p>".getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void add(TarArchiveOutputStream tar, String name, byte[] content)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }
}

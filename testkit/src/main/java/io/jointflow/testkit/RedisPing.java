package io.jointflow.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Asks a redis-server on 127.0.0.1 for PONG over a raw socket, so that the testkit needs no Redis client. */
final class RedisPing {
  private RedisPing() {}

  /** True if the server answers PING with PONG (not LOADING: then it still reads its data). */
  static boolean answers(int port, String password) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      if (password != null) {
        out.write(command("AUTH", password));
      }
      out.write(command("PING"));
      out.flush();
      InputStream in = s.getInputStream();
      String reply = readLine(in);
      if (password != null) {
        if (!reply.equals("+OK")) {
          return false;
        }
        reply = readLine(in);
      }
      return reply.equals("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  private static byte[] command(String... args) {
    StringBuilder b = new StringBuilder("*" + args.length + "\r\n");
    for (String a : args) {
      b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }
}

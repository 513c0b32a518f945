package io.jointflow.worker;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Creates the JDK's HTTP servers of Jointflow's processes (workers, the gateway, the Function
 * Compute runtime) with TCP_NODELAY on their connections.
 *
 * <p>The JDK server leaves Nagle's algorithm on unless {@code sun.net.httpserver.nodelay} is true,
 * and it writes a reply's headers and body separately: the body then waits for the client's delayed
 * ACK, up to 40 ms on Linux, for every small reply. Measured on an fl job on a cluster
 * ({@code bench/fl-cluster.sh}): a run's end was seen 27 ms after it on average, 8 ms with the
 * property. The JDK reads the property once, when its first HTTP server starts, so it is set here
 * unless the process set it already.
 */
public final class HttpServers {
  private static final String NODELAY = "sun.net.httpserver.nodelay";

  private HttpServers() {}

  /** An unstarted server bound to {@code address}; {@code backlog} as {@link HttpServer#create(InetSocketAddress, int)}. */
  public static HttpServer create(InetSocketAddress address, int backlog) throws IOException {
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
    return HttpServer.create(address, backlog);
  }
}

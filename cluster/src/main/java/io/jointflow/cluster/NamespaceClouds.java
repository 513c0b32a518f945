package io.jointflow.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jointflow.cloud.CloudSpec;
import io.jointflow.cloud.Clouds;
import io.jointflow.function.JointflowException;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.regex.Pattern;

/**
 * The clouds file of a cluster whose workers run in network namespaces ({@code cluster up
 * --netns}): a copy of the user's file in the cluster directory with each worker's url on its
 * namespace's address and relative store paths made absolute. The user's file is not changed.
 */
final class NamespaceClouds {
  /** The copy's name in the cluster directory. */
  static final String FILE = "clouds-netns.yaml";
  private static final Pattern LOOPBACK =
      Pattern.compile("(?i)(?<=[/@=])(localhost|127(\\.\\d{1,3}){3}|\\[::1])(?=[:/?&]|$)");

  private NamespaceClouds() {}

  /**
   * Refuses a cloud whose state or blob store is on loopback: the loopback of a worker's namespace
   * is its own, so such a server is out of its reach.
   *
   * @throws JointflowException naming the store and the cloud, and what to do instead
   */
  static void checkReachable(Clouds clouds) {
    for (CloudSpec c : clouds.clouds().values()) {
      for (String[] store : new String[][] {{"state", c.state()}, {"blobs", c.blobs()}}) {
        if (store[1] != null && LOOPBACK.matcher(store[1]).find()) {
          throw new JointflowException(store[0] + " " + store[1] + " of cloud '" + c.name() + "' is on loopback, unreachable"
              + " from the network namespaces of --netns: bind the server to an address of this machine (for example "
              + suggestedAddress() + ", or 0.0.0.0 behind a firewall) and name that address in the clouds file, or use"
              + " sqlite:/filesystem: stores");
        }
      }
    }
  }

  /**
   * Writes the copy of {@code cloudsFile} ({@code clouds} as loaded from it) into {@code dir}, each
   * worker's url on its host's address in {@code net}.
   *
   * @return the copy
   */
  static Path write(Path dir, Path cloudsFile, Clouds clouds, NamespaceNetwork net) {
    boolean json = cloudsFile.getFileName().toString().endsWith(".json");
    ObjectMapper reader = new ObjectMapper(json ? new JsonFactory() : new YAMLFactory());
    try {
      JsonNode root = reader.readTree(cloudsFile.toFile());
      for (CloudSpec c : clouds.clouds().values()) {
        ObjectNode node = (ObjectNode) root.path("clouds").path(c.name());
        URI url = c.compute().url();
        int port = url.getPort() >= 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
        URI moved = new URI(url.getScheme(), null, net.host(c.name()).address(), port, url.getPath(), url.getQuery(), null);
        ((ObjectNode) node.path("compute")).put("url", moved.toString());
        // the loaded values: relative paths resolved against the user's file's directory, not ours
        if (node.has("state")) {
          node.put("state", c.state());
        }
        if (node.has("blobs")) {
          node.put("blobs", c.blobs());
        }
      }
      String text = "# Written by 'jointflow cluster up --netns' from " + cloudsFile.toAbsolutePath().normalize()
          + ":\n# each worker's url is on its network namespace's address. Edit that file, not this one.\n"
          + new ObjectMapper(new YAMLFactory()).writeValueAsString(root);
      Files.createDirectories(dir);
      return Files.writeString(dir.resolve(FILE), text);
    } catch (IOException | URISyntaxException | ClassCastException e) {
      throw new JointflowException("cannot write the namespaces' clouds file " + dir.resolve(FILE) + " from " + cloudsFile
          + ": " + e.getMessage(), e);
    }
  }

  /** An up, non-loopback IPv4 address of this machine, for a message; a placeholder if none. */
  private static String suggestedAddress() {
    try {
      for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (i.isUp() && !i.isLoopback() && !i.getName().startsWith("jf")) {
          for (InetAddress a : Collections.list(i.getInetAddresses())) {
            if (a instanceof Inet4Address) {
              return a.getHostAddress();
            }
          }
        }
      }
    } catch (SocketException e) {
      // only a hint in a message
    }
    return "this machine's address";
  }
}

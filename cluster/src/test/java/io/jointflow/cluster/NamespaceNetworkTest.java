package io.jointflow.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.cloud.Clouds;
import io.jointflow.definition.CloudsDefinitions;
import io.jointflow.function.JointflowException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of {@code --netns} that need no root: the choice of a free /24, the refusal of stores
 * on loopback, and the copy of the clouds file the processes read (NetnsClusterIT in cli makes real
 * namespaces).
 */
class NamespaceNetworkTest {
  @TempDir Path dir;

  @Test
  void picksTheFirstSlash24ThatNoAddressOrRouteOfThisMachineUses() {
    assertThat(NamespaceNetwork.freeSubnet("")).isEqualTo(1);
    assertThat(NamespaceNetwork.freeSubnet("""
        4: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0
        9: jf1    inet 10.213.1.1/24 scope global jf1
        local 10.213.2.7 dev x table local proto kernel scope host src 10.213.2.7
        10.0.0.0/8 via 192.0.2.1 dev eth0
        """)).as("10.213.1 and .2 are taken; a /8 route is less specific than ours").isEqualTo(3);
    assertThatThrownBy(() -> NamespaceNetwork.freeSubnet("10.213.0.0/16 dev vpn0"))
        .isInstanceOf(JointflowException.class).hasMessageContaining("no /24 of 10.213.0.0/16 is free");
  }

  @Test
  void namesDeriveFromTheClusterDirectory() {
    assertThat(NamespaceNetwork.shortId(dir)).matches("[0-9a-f]{6}").isEqualTo(NamespaceNetwork.shortId(dir.resolve(".")))
        .isNotEqualTo(NamespaceNetwork.shortId(dir.resolve("other")));
  }

  @Test
  void aStoreOnLoopbackIsRefusedNamingTheCloudAndWhatToDo() {
    for (String state : List.of("redis://127.0.0.1:6379", "redis://localhost:6379/2", "postgres://localhost:5432/jf",
        "dynamodb://jobs?endpoint=http://127.0.0.1:8000")) {
      assertThatThrownBy(() -> NamespaceClouds.checkReachable(clouds(state)))
          .as(state).isInstanceOf(JointflowException.class)
          .hasMessageContaining("state " + state + " of cloud 'aws' is on loopback, unreachable from the network namespaces")
          .hasMessageContaining("bind the server to an address of this machine").hasMessageContaining("sqlite:");
    }
    for (String state : List.of("redis://10.0.0.5:6379", "sqlite:/data/127.0.0.1.db", "sqlite:rel/localhost.db")) {
      NamespaceClouds.checkReachable(clouds(state));
    }
  }

  @Test
  void theProcessesReadACopyWithTheWorkersOnTheirNamespacesAndAbsoluteStorePaths() throws Exception {
    Path user = Files.writeString(dir.resolve("clouds.yaml"), """
        # the user's comment
        clouds:
          aws:
            compute: {type: worker, url: "http://127.0.0.1:7411"}
            state: sqlite:stores/aws.db
            blobs: filesystem:stores/aws-blobs
          ali:
            compute: {type: worker, url: "http://127.0.0.1:7412/"}
            state: sqlite:/abs/ali.db
        network:
          links:
            - {between: [aws, ali], latency: 15ms}
        """);
    String before = Files.readString(user);
    Clouds clouds = CloudsDefinitions.load(user);
    NamespaceNetwork net = new NamespaceNetwork("jfabcdef", 7, List.of(
        new NamespaceNetwork.Host("aws", "jf-abcdef-aws", "jfabcdefv1", "jfabcdefp1", "10.213.7.2"),
        new NamespaceNetwork.Host("ali", "jf-abcdef-ali", "jfabcdefv2", "jfabcdefp2", "10.213.7.3")));

    Path copy = NamespaceClouds.write(dir.resolve("cluster"), user, clouds, net);

    assertThat(copy).isEqualTo(dir.resolve("cluster").resolve(NamespaceClouds.FILE));
    assertThat(Files.readString(user)).isEqualTo(before);
    Clouds read = CloudsDefinitions.load(copy);
    assertThat(read.cloud("aws").compute().url()).hasToString("http://10.213.7.2:7411");
    assertThat(read.cloud("ali").compute().url()).hasToString("http://10.213.7.3:7412/");
    assertThat(read.cloud("aws").state()).isEqualTo("sqlite:" + dir.resolve("stores/aws.db"));
    assertThat(read.cloud("aws").blobs()).isEqualTo("filesystem:" + dir.resolve("stores/aws-blobs"));
    assertThat(read.cloud("ali").state()).isEqualTo("sqlite:/abs/ali.db");
    assertThat(read.network()).isEqualTo(clouds.network());
    assertThat(read.cloud("aws").prices()).isEqualTo(clouds.cloud("aws").prices());
  }

  private Clouds clouds(String state) {
    return CloudsDefinitions.load(new StringReader("""
        clouds:
          aws:
            compute: {type: worker, url: "http://127.0.0.1:7411"}
            state: "%s"
            blobs: filesystem:/tmp/blobs
        """.formatted(state)), "clouds.yaml", dir);
  }
}

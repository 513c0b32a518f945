package io.jointflow.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

/** The attested-execution stand-in: sealed parcels, key release by code measurement, rejection of bad updates. */
class AttestationTest {
  private final Attestation att = Attestation.forFunctions(new Random(1));

  @Test
  void aSealedParcelOpensOnlyUnchangedAndWithTheRightKey() {
    SecretKey k = att.keyFor("dc0", TrainFunction.class);
    Parcel p = att.seal(k, Map.of("id", "7", "owner", "2"), new byte[] {1, 2, 3});
    assertThat(att.open(k, Parcel.decode(p.encode()))).containsExactly(1, 2, 3);

    byte[] wire = p.encode();
    wire[wire.length - 1] ^= 1;
    assertThatThrownBy(() -> att.open(k, Parcel.decode(wire))).isInstanceOf(Attestation.AttestationException.class);

    Parcel relabelled = new Parcel(Map.of("id", "8", "owner", "2"), p.iv(), p.ciphertext());
    assertThatThrownBy(() -> att.open(k, relabelled)).isInstanceOf(Attestation.AttestationException.class);

    assertThatThrownBy(() -> att.open(att.keyFor("dc1", TrainFunction.class), p))
        .isInstanceOf(Attestation.AttestationException.class);
    assertThatThrownBy(() -> att.open(att.ownKey(), p)).isInstanceOf(Attestation.AttestationException.class);
  }

  @Test
  void keysAreReleasedOnlyToAllowListedCode() {
    assertThat(att.keyFor("dc0", AggregateFunction.class)).isEqualTo(att.keyFor("dc0", TrainFunction.class));
    assertThatThrownBy(() -> att.keyFor("dc0", UnattestedTraining.class))
        .isInstanceOf(Attestation.AttestationException.class)
        .hasMessageContaining("function 'UnattestedTraining'").hasMessageContaining("not on the allow-list");
    assertThat(att.refusals()).isEqualTo(1);
  }

  @Test
  void tamperedAndUnattestedUpdatesAreRejectedAndNeverMerged() {
    FlSetup s = Setups.digits(2, 4, 0.5, Setups.quick().budget(150).build(), new Fault.Tamper(1),
        new Fault.Unattested(6));
    Engine e = new Engine(s, "nebulafl", p -> {});
    MethodResult r = e.run();
    long[] jobs = e.jobsPerOwner();
    assertThat(r.rejected()).isEqualTo(jobs[1] + jobs[6]).isPositive();
    assertThat(r.applied()).isEqualTo(r.jobs() - r.rejected());
    assertThat(e.attestation().refusals()).isEqualTo(jobs[6]);
    NebulaFl n = (NebulaFl) e.method();
    assertThat(n.dc(0).versionSum() + n.dc(1).versionSum()).isEqualTo(r.applied());
    assertThat(r.last().accuracy()).isGreaterThan(LearningTest.BASELINE_BAR);
  }
}

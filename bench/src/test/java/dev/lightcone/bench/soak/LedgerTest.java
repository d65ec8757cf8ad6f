package dev.lightcone.bench.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ledger's check finds each way the server's rows can disagree with what was acknowledged. */
class LedgerTest {
    @Test
    void everyAcknowledgedMarkerHeldOnceIsClean() {
        Ledger l = new Ledger("r");
        String a = l.issue("ws0");
        String b = l.issue("http0");
        String unacknowledged = l.issue("ws0");
        l.acknowledge(a);
        l.acknowledge(b);
        Ledger.Check c = l.check(l.snapshot(), Map.of(a, 1, b, 1, unacknowledged, 1));
        assertTrue(c.clean(), c::toString);
        assertEquals(2, c.acknowledged());
        assertEquals(2, c.present());
    }

    @Test
    void aMissingAcknowledgedOrObservedMarkerIsLost() {
        Ledger l = new Ledger("r");
        String acked = l.issue("ws0");
        String seen = l.issue("ws0");
        l.acknowledge(acked);
        l.observe(seen);
        Ledger.Check c = l.check(l.snapshot(), Map.of());
        assertFalse(c.clean());
        assertEquals(1, c.lost());
        assertEquals(1, c.lostObserved());
        assertTrue(c.examples().contains("lost (acknowledged): " + acked), c::toString);
    }

    @Test
    void aMarkerHeldTwiceIsDuplicatedEvenWhenItsOutcomeWasUnknown() {
        Ledger l = new Ledger("r");
        String unknownOutcome = l.issue("ws0");
        Ledger.Check c = l.check(l.snapshot(), Map.of(unknownOutcome, 2));
        assertEquals(1, c.duplicated());
        assertFalse(c.clean());
    }

    @Test
    void aMarkerNeverSentIsUnknownAndAcknowledgementsAfterTheSnapshotAreNotExpected() {
        Ledger l = new Ledger("r");
        Ledger.Snapshot before = l.snapshot();
        String late = l.issue("ws0");
        l.acknowledge(late); // acknowledged after the snapshot: the read may predate it
        Ledger.Check c = l.check(before, Map.of("r-ws9-99", 1));
        assertEquals(0, c.lost());
        assertEquals(1, c.unknown());
        assertFalse(c.clean());
    }

    @Test
    void rowsOfOtherRunsAreNotObserved() {
        Ledger l = new Ledger("r");
        l.observe("someone else's message");
        assertEquals(0, l.observedCount());
    }
}

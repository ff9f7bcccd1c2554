package io.coterie.ring.membership;

import io.coterie.ring.NodeId;
import io.coterie.ring.failure.PhiAccrualConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.coterie.ring.membership.Fixtures.address;
import static io.coterie.ring.membership.Fixtures.id;
import static io.coterie.ring.membership.Fixtures.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GossiperTest {

    private static final GossipConfig CONFIG = GossipConfig.defaults();

    private static Gossiper gossiper(int n, List<BusAddress> seeds) {
        return new Gossiper(CONFIG, local(n, NodeStatus.UP), 1_000 + n, seeds, new SplittableRandom(n));
    }

    /** Delivers every Send among {@code nodes} without loss until nothing is left in flight; returns other effects. */
    private static List<GossipEffect> pump(Map<BusAddress, Gossiper> nodes, List<GossipEffect> initial, long nowMs) {
        Deque<GossipEffect> pending = new ArrayDeque<>(initial);
        List<GossipEffect> others = new ArrayList<>();
        while (!pending.isEmpty()) {
            GossipEffect effect = pending.poll();
            if (effect instanceof GossipEffect.Send send) {
                Gossiper to = nodes.get(send.to());
                if (to != null) {
                    pending.addAll(to.receive(send.message(), nowMs));
                }
            } else {
                others.add(effect);
            }
        }
        return others;
    }

    private static List<GossipEffect.Send> sends(List<GossipEffect> effects) {
        return effects.stream().filter(GossipEffect.Send.class::isInstance).map(GossipEffect.Send.class::cast).toList();
    }

    @Test
    void aLoneNodeTicksToItsSeedWithAllItsDigests() {
        Gossiper a = gossiper(1, List.of(address(2).bus()));
        List<GossipEffect.Send> sends = sends(a.tick(10_000));
        assertEquals(1, sends.size());
        assertEquals(address(2).bus(), sends.get(0).to());
        GossipMessage.Syn syn = assertInstanceOf(GossipMessage.Syn.class, sends.get(0).message());
        assertEquals(List.of(a.entries().get(id(1)).digest()), syn.digests());
        assertEquals(address(1).bus(), syn.replyTo());
    }

    @Test
    void eachTickBumpsTheHeartbeat() {
        Gossiper a = gossiper(1, List.of());
        long before = ((EndpointState) a.entries().get(id(1))).heartbeat();
        a.tick(1_000);
        a.tick(2_000);
        assertEquals(before + 2, ((EndpointState) a.entries().get(id(1))).heartbeat());
    }

    @Test
    void oneExchangeTeachesBothSidesEverything() {
        Gossiper a = gossiper(1, List.of(address(2).bus()));
        Gossiper b = gossiper(2, List.of());
        Map<BusAddress, Gossiper> nodes = Map.of(address(1).bus(), a, address(2).bus(), b);
        pump(nodes, a.tick(10_000), 10_000);
        assertEquals(a.entries(), b.entries());
        assertEquals(2, a.view().members().size());
        assertTrue(a.view().sameMembersAs(b.view()));
    }

    @Test
    void theExchangeIsThreeMessagesSynAckAck2() {
        Gossiper a = gossiper(1, List.of(address(2).bus()));
        Gossiper b = gossiper(2, List.of());
        GossipEffect.Send syn = sends(a.tick(10_000)).get(0);
        GossipEffect.Send ack = sends(b.receive(syn.message(), 10_001)).get(0);
        GossipMessage.Ack ackMessage = assertInstanceOf(GossipMessage.Ack.class, ack.message());
        assertEquals(1, ackMessage.states().size(), "b sends its own state, which a lacks");
        assertEquals(1, ackMessage.requests().size(), "b asks for a's state");
        assertEquals(address(1).bus(), ack.to());
        GossipEffect.Send ack2 = sends(a.receive(ack.message(), 10_002)).get(0);
        GossipMessage.Ack2 ack2Message = assertInstanceOf(GossipMessage.Ack2.class, ack2.message());
        assertEquals(List.of(a.entries().get(id(1))), ack2Message.states());
        assertEquals(List.of(), sends(b.receive(ack2.message(), 10_003)));
    }

    /** Node {@code n} restarted with generation {@code generation}, remembering {@code peers} as they were. */
    private static Gossiper restarted(int n, long generation, List<RememberedMember> peers) {
        return new Gossiper(CONFIG, local(n, NodeStatus.UP), generation, List.of(), peers, new SplittableRandom(n));
    }

    @Test
    void aRestartedNodeStartsFromTheRingItRememberedWithThoseNodesDownUntilHeardOf() {
        Map<BusAddress, Gossiper> cluster = twoNodeCluster();
        List<RememberedMember> remembered = RememberedMember.peersIn(cluster.get(address(1).bus()).view());
        assertEquals(List.of(id(2)), remembered.stream().map(RememberedMember::id).toList());
        Gossiper again = restarted(1, 5_000, remembered);
        assertEquals(Liveness.DOWN, again.view().member(id(2)).orElseThrow().liveness(), "nothing says it is alive yet");
        assertEquals(NodeStatus.UP, again.view().member(id(2)).orElseThrow().status(), "but it is in the ring");
        List<GossipEffect.Send> sends = sends(again.tick(20_000));
        assertTrue(sends.stream().anyMatch(s -> s.to().equals(address(2).bus())), "a remembered peer is gossiped to");
        Map<BusAddress, Gossiper> nodes = new HashMap<>(Map.of(address(1).bus(), again, address(2).bus(), cluster.get(address(2).bus())));
        pump(nodes, cluster.get(address(2).bus()).tick(20_001), 20_001);
        pump(nodes, again.tick(20_002), 20_002);
        assertEquals(Liveness.LIVE, again.view().member(id(2)).orElseThrow().liveness(), "heard of: live again");
    }

    @Test
    void aRememberedPeerNeverOverridesWhatThePeerItselfSays() {
        Map<BusAddress, Gossiper> cluster = twoNodeCluster();
        Gossiper b = cluster.get(address(2).bus());
        b.announce(NodeStatus.LEAVING, 10_500);
        EndpointState current = (EndpointState) b.entries().get(id(2));
        RememberedMember stale = new RememberedMember(id(2), address(2), current.generation(), NodeStatus.UP, PlacementInputs.defaults());
        Gossiper again = restarted(1, 5_000, List.of(stale));
        Map<BusAddress, Gossiper> nodes = new HashMap<>(Map.of(address(1).bus(), again, address(2).bus(), b));
        pump(nodes, again.tick(20_000), 20_000);
        assertEquals(NodeStatus.LEAVING, again.view().member(id(2)).orElseThrow().status());
        EndpointState after = (EndpointState) b.entries().get(id(2));
        assertEquals(current.status(), after.status(), "the peer's own state is untouched by the remembered copy");
        assertEquals(current.generation(), after.generation());
    }

    @Test
    void aRememberedPeerThatIsNeverHeardOfCanBeForgotten() {
        RememberedMember gone = new RememberedMember(id(2), address(2), 1_002, NodeStatus.UP, PlacementInputs.defaults());
        Gossiper again = restarted(1, 5_000, List.of(gone));
        assertInstanceOf(ForgetOutcome.Forgotten.class, again.forget(id(2), 20_000));
        assertTrue(again.view().member(id(2)).isEmpty());
    }

    private static Gossiper aloneNode(int n) {
        return new Gossiper(CONFIG, new LocalNode(id(n), address(n), PlacementInputs.defaults(), NodeStatus.UP, true),
                1_000 + n, List.of(), new SplittableRandom(n));
    }

    private static NodeStatus statusOf(Gossiper g, int n) {
        return g.view().member(id(n)).orElseThrow().status();
    }

    /** A 2-node cluster of UP nodes 1 and 2 that know each other. */
    private static Map<BusAddress, Gossiper> twoNodeCluster() {
        Gossiper a = gossiper(1, List.of(address(2).bus()));
        Gossiper b = gossiper(2, List.of());
        Map<BusAddress, Gossiper> nodes = new java.util.HashMap<>(Map.of(address(1).bus(), a, address(2).bus(), b));
        pump(nodes, a.tick(10_000), 10_000);
        return nodes;
    }

    @Test
    void aLoneNodeMetByAClusterMemberRejoinsAsJoiningBeforeAnyoneSeesItUp() {
        Map<BusAddress, Gossiper> nodes = twoNodeCluster();
        Gossiper lone = aloneNode(3);
        nodes.put(address(3).bus(), lone);
        Gossiper member = nodes.get(address(1).bus());
        GossipEffect.Send syn = sends(member.meet(address(3).bus())).get(0);
        GossipMessage.Ack ack = (GossipMessage.Ack) sends(lone.receive(syn.message(), 10_100)).get(0).message();
        assertEquals(List.of(), ack.states(), "a lone node withholds its UP state until it knows who met it");
        pump(nodes, member.receive(ack, 10_101), 10_101);
        assertEquals(NodeStatus.JOINING, statusOf(lone, 3), "met into a cluster that owns the ring: it joins it");
        pump(nodes, lone.tick(11_000), 11_000);
        for (Gossiper g : nodes.values()) {
            assertEquals(NodeStatus.JOINING, statusOf(g, 3));
        }
    }

    @Test
    void aLoneNodeSentMeetRejoinsTheClusterItMeets() {
        Map<BusAddress, Gossiper> nodes = twoNodeCluster();
        Gossiper lone = aloneNode(3);
        nodes.put(address(3).bus(), lone);
        GossipEffect.Send syn = sends(lone.meet(address(1).bus())).get(0);
        GossipEffect.Send ack = sends(nodes.get(address(1).bus()).receive(syn.message(), 10_100)).get(0);
        GossipMessage.Ack2 ack2 = (GossipMessage.Ack2) sends(lone.receive(ack.message(), 10_101)).get(0).message();
        EndpointState sent = (EndpointState) ack2.states().stream().filter(e -> e.id().equals(id(3))).findFirst().orElseThrow();
        assertEquals(NodeStatus.JOINING, sent.status().value(), "its first state anyone sees is JOINING");
    }

    @Test
    void aLoneNodeFoundsTheClusterOfNodesJoiningIt() {
        Gossiper founder = aloneNode(1);
        Gossiper joiner = new Gossiper(CONFIG, local(2, NodeStatus.JOINING), 1_002, List.of(address(1).bus()),
                new SplittableRandom(2));
        Map<BusAddress, Gossiper> nodes = Map.of(address(1).bus(), founder, address(2).bus(), joiner);
        pump(nodes, joiner.tick(10_000), 10_000);
        pump(nodes, joiner.tick(11_000), 11_000);
        assertEquals(NodeStatus.UP, statusOf(founder, 1));
        assertEquals(NodeStatus.UP, statusOf(joiner, 1), "the founder shares its state once it heard the joiner");
    }

    @Test
    void twoLoneNodesMeetingEachOtherEndWithOneOfThemJoining() {
        Gossiper a = aloneNode(1);
        Gossiper b = aloneNode(2);
        Map<BusAddress, Gossiper> nodes = Map.of(address(1).bus(), a, address(2).bus(), b);
        pump(nodes, a.meet(address(2).bus()), 10_000);
        pump(nodes, a.tick(11_000), 11_000);
        pump(nodes, b.tick(11_000), 11_000);
        assertEquals(NodeStatus.UP, statusOf(b, 1));
        assertEquals(NodeStatus.JOINING, statusOf(b, 2), "the node that was met joins the one that met it");
        assertTrue(a.view().sameMembersAs(b.view()));
        assertEquals(NodeStatus.JOINING, statusOf(a, 2));
    }

    /**
     * The race StandaloneToClusterIT once showed: the met node joins its mater and finishes joining (UP) before the
     * mater's next round; the mater, still alone, then saw an UP peer and stepped back to JOINING too, although its
     * peer had already seen it UP and pulled from it. A node that has shown its state stays UP.
     */
    @Test
    void aLoneNodeThatShowedItselfUpDoesNotStepBackWhenItsJoinerIsUp() {
        Gossiper mater = aloneNode(1);
        Gossiper met = aloneNode(2);
        Map<BusAddress, Gossiper> nodes = Map.of(address(1).bus(), mater, address(2).bus(), met);
        pump(nodes, mater.meet(address(2).bus()), 10_000);
        assertEquals(NodeStatus.JOINING, statusOf(met, 2), "the met node joins the one that met it");
        assertEquals(NodeStatus.UP, statusOf(met, 1), "it saw its mater UP");
        met.announce(NodeStatus.UP, 10_500);
        pump(nodes, met.tick(11_000), 11_000);
        pump(nodes, mater.tick(11_000), 11_000);
        assertEquals(NodeStatus.UP, statusOf(mater, 1), "the mater was seen UP: it must not rejoin");
        assertEquals(NodeStatus.UP, statusOf(mater, 2));
        assertTrue(mater.view().sameMembersAs(met.view()));
        assertEquals(NodeStatus.UP, statusOf(met, 1));
    }

    @Test
    void upToDatePeersExchangeNoStates() {
        Gossiper a = gossiper(1, List.of(address(2).bus()));
        Gossiper b = gossiper(2, List.of());
        Map<BusAddress, Gossiper> nodes = Map.of(address(1).bus(), a, address(2).bus(), b);
        pump(nodes, a.tick(10_000), 10_000);
        GossipMessage.Syn syn = new GossipMessage.Syn(id(1), address(1).bus(), 0,
                a.entries().values().stream().map(EndpointEntry::digest).toList());
        GossipMessage.Ack ack = (GossipMessage.Ack) sends(b.receive(syn, 10_001)).get(0).message();
        assertEquals(List.of(), ack.states());
        assertEquals(List.of(), ack.requests());
    }

    @Test
    void ackStatesAreCappedAndTheRestFollowInLaterRounds() {
        GossipConfig small = CONFIG.withStatesPerMessageMax(3);
        Gossiper big = new Gossiper(small, local(1, NodeStatus.UP), 1, List.of(), new SplittableRandom(1));
        List<EndpointEntry> ten = new ArrayList<>();
        for (int i = 10; i < 20; i++) {
            ten.add(Fixtures.state(i, 5));
        }
        for (int i = 0; i < ten.size(); i += 3) {
            big.receive(new GossipMessage.Ack2(id(99), ten.subList(i, Math.min(ten.size(), i + 3))), 100);
        }
        assertEquals(11, big.entries().size());
        GossipMessage.Syn empty = new GossipMessage.Syn(id(50), address(50).bus(), 0, List.of());
        GossipMessage.Ack ack = (GossipMessage.Ack) sends(big.receive(empty, 200)).get(0).message();
        assertEquals(3, ack.states().size());
    }

    @Test
    void aForeignClusterIsRefused() {
        Gossiper a = gossiper(1, List.of());
        GossipMessage.Syn foreign = new GossipMessage.Syn(id(7), address(7).bus(), 42, List.of());
        List<GossipEffect> effects = a.receive(foreign, 1_000);
        assertEquals(1, effects.size());
        assertInstanceOf(GossipEffect.MessageRejected.class, effects.get(0));
    }

    @Test
    void oversizedMessagesAreRefusedBeforeMerging() {
        Gossiper a = new Gossiper(CONFIG.withStatesPerMessageMax(2), local(1, NodeStatus.UP), 1, List.of(), new SplittableRandom(1));
        List<EndpointEntry> three = List.of(Fixtures.state(10, 1), Fixtures.state(11, 1), Fixtures.state(12, 1));
        List<GossipEffect> effects = a.receive(new GossipMessage.Ack2(id(9), three), 1_000);
        assertInstanceOf(GossipEffect.MessageRejected.class, effects.get(0));
        assertEquals(1, a.entries().size());
    }

    @Test
    void statusFollowsTheLifecycleOnly() {
        Gossiper joining = new Gossiper(CONFIG, local(1, NodeStatus.JOINING), 1, List.of(), new SplittableRandom(1));
        assertThrows(IllegalStateException.class, () -> joining.announce(NodeStatus.LEFT, 0));
        joining.announce(NodeStatus.UP, 0);
        joining.announce(NodeStatus.LEAVING, 0);
        List<GossipEffect> effects = joining.announce(NodeStatus.LEFT, 0);
        assertEquals(NodeStatus.LEFT, joining.view().local().status());
        assertInstanceOf(GossipEffect.ViewChanged.class, effects.get(0));
        assertThrows(IllegalStateException.class, () -> joining.announce(NodeStatus.UP, 0));
    }

    @Test
    void theViewEpochMovesOnlyWhenSomethingChanges() {
        Gossiper a = gossiper(1, List.of());
        long epoch = a.view().epoch();
        assertTrue(a.tick(1_000).stream().noneMatch(GossipEffect.ViewChanged.class::isInstance), "a heartbeat is no change");
        assertEquals(epoch, a.view().epoch());
        MembershipView before = a.view();
        a.updatePlacement(new PlacementInputs(2, "r2", 512), 1_500);
        assertEquals(epoch + 1, a.view().epoch());
        assertEquals(new PlacementInputs(2, "r2", 512), a.view().local().placement());
        assertEquals(PlacementInputs.defaults(), before.local().placement(), "an old snapshot never changes");
    }

    @Test
    void forgetRefusesSelfUnknownAndLiveNodes() {
        Gossiper a = gossiper(1, List.of(address(2).bus()));
        Gossiper b = gossiper(2, List.of());
        pump(Map.of(address(1).bus(), a, address(2).bus(), b), a.tick(10_000), 10_000);
        assertInstanceOf(ForgetOutcome.Refused.class, a.forget(id(1), 10_000));
        assertInstanceOf(ForgetOutcome.Refused.class, a.forget(id(77), 10_000));
        assertInstanceOf(ForgetOutcome.Refused.class, a.forget(id(2), 10_000));
    }

    @Test
    void forgetTombstonesADownNodeAndTheTombstoneSpreads() {
        Gossiper a = gossiper(1, List.of(address(2).bus()));
        Gossiper b = gossiper(2, List.of());
        Gossiper c = gossiper(3, List.of(address(1).bus()));
        Map<BusAddress, Gossiper> all = new HashMap<>(Map.of(address(1).bus(), a, address(2).bus(), b, address(3).bus(), c));
        pump(all, a.tick(10_000), 10_000);
        pump(all, c.tick(10_000), 10_000);
        assertEquals(3, a.view().members().size());
        // b dies; a (a 2-observer quorum of a and c) convicts it once both have suspected it.
        Map<BusAddress, Gossiper> survivors = Map.of(address(1).bus(), a, address(3).bus(), c);
        long t = 10_000;
        while (a.view().member(id(2)).orElseThrow().liveness() != Liveness.DOWN) {
            t += 1_000;
            assertTrue(t < 40_000, "b never marked down");
            pump(survivors, a.tick(t), t);
            pump(survivors, c.tick(t), t);
        }
        ForgetOutcome.Forgotten forgotten = assertInstanceOf(ForgetOutcome.Forgotten.class, a.forget(id(2), t));
        assertEquals(new Tombstone(id(2), 1_002, t), forgotten.tombstone());
        assertTrue(a.view().member(id(2)).isEmpty());
        pump(survivors, a.tick(t + 1_000), t + 1_000);
        assertInstanceOf(Tombstone.class, c.entries().get(id(2)));
        assertTrue(c.view().member(id(2)).isEmpty());
    }

    @Test
    void aNodeToldItWasForgottenStopsAndSaysSo() {
        Gossiper a = gossiper(1, List.of(address(2).bus()));
        List<GossipEffect> effects = a.receive(new GossipMessage.Ack2(id(2), List.of(new Tombstone(id(1), 1_001, 5))), 2_000);
        assertInstanceOf(GossipEffect.LocalNodeForgotten.class, effects.get(0));
        assertTrue(a.isForgotten());
        assertEquals(List.of(), a.tick(3_000));
    }

    @Test
    void aTombstoneOfAnEarlierIncarnationOfSelfIsIgnored() {
        Gossiper a = gossiper(1, List.of());
        List<GossipEffect> effects = a.receive(new GossipMessage.Ack2(id(2), List.of(new Tombstone(id(1), 999, 5))), 2_000);
        assertEquals(List.of(), effects);
        assertTrue(!a.isForgotten());
        assertInstanceOf(EndpointState.class, a.entries().get(id(1)));
    }

    @Test
    void othersCannotRewriteOurOwnState() {
        Gossiper a = gossiper(1, List.of());
        EndpointState forged = Fixtures.state(1, 1_001).withStatus(NodeStatus.LEAVING, 1_000_000);
        a.receive(new GossipMessage.Ack2(id(2), List.of(forged)), 2_000);
        assertEquals(NodeStatus.UP, a.view().local().status());
    }

    @Test
    void tombstonesExpireAfterTheirRetention() {
        Gossiper a = gossiper(1, List.of());
        a.receive(new GossipMessage.Ack2(id(2), List.of(new Tombstone(id(5), 1, 10_000))), 10_000);
        a.tick(10_000 + CONFIG.tombstoneRetentionMs() - 1);
        assertInstanceOf(Tombstone.class, a.entries().get(id(5)));
        a.tick(10_000 + CONFIG.tombstoneRetentionMs());
        assertEquals(null, a.entries().get(id(5)));
    }

    @Test
    void aLocalPauseDoesNotConvictTheWholeCluster() {
        assertEquals(Liveness.LIVE, peerAfterLocalPause(CONFIG));
        GossipConfig noGrace = new GossipConfig(1000, 3, 32, 1024, 64, 1_000_000, 5000, 0, 2, 0, PhiAccrualConfig.defaults());
        assertEquals(Liveness.DOWN, peerAfterLocalPause(noGrace), "without the grace the pause would convict the peer");
    }

    /** Two nodes gossip for 30 s, then node 1 is paused for 20 s (no ticks, nothing received) and ticks once. */
    private static Liveness peerAfterLocalPause(GossipConfig config) {
        Gossiper a = new Gossiper(config, local(1, NodeStatus.UP), 1, List.of(address(2).bus()), new SplittableRandom(1));
        Gossiper b = new Gossiper(config, local(2, NodeStatus.UP), 2, List.of(), new SplittableRandom(2));
        Map<BusAddress, Gossiper> nodes = Map.of(address(1).bus(), a, address(2).bus(), b);
        long t = 0;
        for (; t < 30_000; t += 1_000) {
            pump(nodes, a.tick(t), t);
            pump(nodes, b.tick(t + 500), t + 500);
        }
        a.tick(t + 20_000);
        return a.view().member(id(2)).orElseThrow().liveness();
    }

    @Test
    void aMessageHandledBeforeTheFirstTickAfterAPauseDoesNotConvictEither() {
        Gossiper a = new Gossiper(CONFIG, local(1, NodeStatus.UP), 1, List.of(address(2).bus()), new SplittableRandom(1));
        Gossiper b = new Gossiper(CONFIG, local(2, NodeStatus.UP), 2, List.of(), new SplittableRandom(2));
        Map<BusAddress, Gossiper> nodes = Map.of(address(1).bus(), a, address(2).bus(), b);
        long t = 0;
        for (; t < 30_000; t += 1_000) {
            pump(nodes, a.tick(t), t);
            pump(nodes, b.tick(t + 500), t + 500);
        }
        // A stale SYN from b, buffered while a was stopped, is the first thing a handles after 20 s.
        GossipMessage.Syn stale = new GossipMessage.Syn(id(2), address(2).bus(), 0, List.of());
        a.receive(stale, t + 20_000);
        assertEquals(Liveness.LIVE, a.view().member(id(2)).orElseThrow().liveness());
    }

    @Test
    void meetContactsTheAddressAtOnceAndKeepsItAsASeed() {
        Gossiper a = gossiper(1, List.of());
        List<GossipEffect.Send> sends = sends(a.meet(address(8).bus()));
        assertEquals(address(8).bus(), sends.get(0).to());
        assertInstanceOf(GossipMessage.Syn.class, sends.get(0).message());
        assertEquals(address(8).bus(), sends(a.tick(1_000)).get(0).to(), "with nobody live the seed is always chosen");
        assertEquals(List.of(), a.meet(address(1).bus()), "meeting ourselves is a no-op");
    }

    @Test
    void theMembershipLimitIsEnforced() {
        GossipConfig tiny = new GossipConfig(1000, 3, 32, 3, 64, 1_000_000, 5000, 5000, 2, 0, PhiAccrualConfig.defaults());
        Gossiper a = new Gossiper(tiny, local(1, NodeStatus.UP), 1, List.of(), new SplittableRandom(1));
        List<EndpointEntry> many = new ArrayList<>();
        for (int i = 10; i < 15; i++) {
            many.add(Fixtures.state(i, 1));
        }
        a.receive(new GossipMessage.Ack2(id(9), many), 1_000);
        assertEquals(3, a.entries().size());
    }

    @Test
    void theSameSeedGivesTheSameTargets() {
        List<BusAddress> seedsOf1 = List.of(address(2).bus(), address(3).bus(), address(4).bus());
        List<List<BusAddress>> first = targetsOverTime(seedsOf1, 7);
        assertEquals(first, targetsOverTime(seedsOf1, 7));
    }

    private static List<List<BusAddress>> targetsOverTime(List<BusAddress> seeds, long seed) {
        Gossiper a = new Gossiper(CONFIG, local(1, NodeStatus.UP), 1, seeds, new SplittableRandom(seed));
        List<List<BusAddress>> targets = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            targets.add(sends(a.tick(t * 1_000L)).stream().map(GossipEffect.Send::to).toList());
        }
        return targets;
    }

    @Test
    void unknownNodesLearnedByGossipStartWithAFreshDetectorHistory() {
        Gossiper a = gossiper(1, List.of());
        NodeId stranger = id(40);
        a.receive(new GossipMessage.Ack2(id(2), List.of(Fixtures.state(40, 7))), 50_000);
        assertTrue(a.phi(stranger, 50_500) < 1.0, "first knowledge counts as a heartbeat, not as long silence");
        assertEquals(Liveness.LIVE, a.view().member(stranger).orElseThrow().liveness());
    }
}

package dev.memwall.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The loop dispatches each event to its kind's handler in (time, insertion) order and counts them. */
class EventLoopTest {

    @Test
    void dispatchesEachEventToItsKindsHandlerInTimeThenInsertionOrder() {
        EventLoop loop = new EventLoop(4);
        List<String> seen = new ArrayList<>();
        int a = loop.register("a", true, (now, arg) -> seen.add("a" + arg + "@" + now));
        int b = loop.register("b", true, (now, arg) -> seen.add("b" + arg + "@" + now));
        loop.push(20, a, 1);
        loop.push(10, b, 2);
        loop.push(20, b, 3);
        loop.push(10, a, 4);
        loop.run();
        assertEquals(List.of("b2@10", "a4@10", "a1@20", "b3@20"), seen);
        assertEquals(4, loop.eventsDispatched());
        assertEquals(2, loop.eventsDispatched(a));
        assertEquals(20, loop.lastWorkNs());
    }

    @Test
    void handlersScheduleFollowUpsAndOnlyWorkKindsMoveTheEndOfWork() {
        EventLoop loop = new EventLoop(4);
        int[] tick = new int[1];
        int work = loop.register("work", true, (now, arg) -> { });
        tick[0] = loop.register("tick", false, (now, arg) -> {
            if (now < 100) {
                loop.push(now + 30, tick[0], 0);
            }
        });
        loop.push(0, tick[0], 0);
        loop.push(45, work, 0);
        loop.run();
        // Ticks at 0, 30, 60, 90, 120; the work ended at 45.
        assertEquals(6, loop.eventsDispatched());
        assertEquals(5, loop.eventsDispatched(tick[0]));
        assertEquals(45, loop.lastWorkNs());
        assertEquals(120, loop.nowNs());
    }

    @Test
    void anEventOfAnUnregisteredKindIsAFault() {
        EventLoop loop = new EventLoop(4);
        loop.register("only", true, (now, arg) -> { });
        loop.push(5, 3, 0);
        SimulationFault f = assertThrows(SimulationFault.class, loop::run);
        assertEquals("event of unregistered kind 3 at 5 ns", f.getMessage());
    }

    @Test
    void anEventScheduledBeforeNowIsAFaultNamingItsKind() {
        EventLoop loop = new EventLoop(4);
        int[] kind = new int[1];
        kind[0] = loop.register("step", true, (now, arg) -> loop.push(now + Long.MAX_VALUE, kind[0], 0));
        loop.push(10, kind[0], 0);
        SimulationFault f = assertThrows(SimulationFault.class, loop::run);
        assertTrue(f.getMessage().startsWith("event 'step' scheduled at -9223372036854775799 ns, before now (10 ns)"),
                f.getMessage());
    }

    @Test
    void resetClearsPendingEventsClockAndCountersButKeepsKinds() {
        EventLoop loop = new EventLoop(4);
        int k = loop.register("k", true, (now, arg) -> { });
        loop.push(7, k, 0);
        loop.run();
        loop.push(9, k, 0);
        loop.reset();
        assertTrue(loop.isIdle());
        assertEquals(0, loop.nowNs());
        assertEquals(0, loop.eventsDispatched());
        assertEquals(1, loop.kindCount());
        assertEquals(Long.MAX_VALUE, loop.horizonNs());
    }

    @Test
    void kindsAreRegisteredBeforeTheLoopRuns() {
        EventLoop loop = new EventLoop(4);
        int k = loop.register("k", true, (now, arg) -> loop.register("late", true, (n, a) -> { }));
        loop.push(1, k, 0);
        assertThrows(IllegalStateException.class, loop::run);
    }
}

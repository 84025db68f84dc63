package io.argon.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argon.task.Priority;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskQueueTest {

    private static List<String> drain(TaskQueue<String> queue) {
        List<String> out = new ArrayList<>();
        queue.drainTo(out::add);
        return out;
    }

    @Test
    void aNewQueueIsEmpty() {
        TaskQueue<String> queue = new TaskQueue<>(3);
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.isFull()).isFalse();
        assertThat(queue.size()).isZero();
        assertThat(queue.capacity()).isEqualTo(3);
        assertThat(queue.poll()).isNull();
    }

    @Test
    void offerRespectsTheBound() {
        TaskQueue<String> queue = new TaskQueue<>(2);
        assertThat(queue.offer("a", Priority.NORMAL)).isTrue();
        assertThat(queue.offer("b", Priority.LOW)).isTrue();
        assertThat(queue.isFull()).isTrue();
        // Full is full whatever the priority.
        assertThat(queue.offer("c", Priority.NORMAL)).isFalse();
        assertThat(queue.offer("d", Priority.MAX)).isFalse();
        assertThat(queue.size()).isEqualTo(2);
        assertThat(drain(queue)).containsExactly("a", "b");
    }

    @Test
    void takingOneOutMakesRoomForOne() {
        TaskQueue<String> queue = new TaskQueue<>(1);
        assertThat(queue.offer("a", Priority.NORMAL)).isTrue();
        assertThat(queue.offer("b", Priority.NORMAL)).isFalse();
        assertThat(queue.poll()).isEqualTo("a");
        assertThat(queue.isFull()).isFalse();
        assertThat(queue.offer("b", Priority.NORMAL)).isTrue();
        assertThat(queue.offer("c", Priority.NORMAL)).isFalse();
        assertThat(queue.poll()).isEqualTo("b");
        assertThat(queue.poll()).isNull();
    }

    @Test
    void servesHigherPrioritiesFirst() {
        TaskQueue<String> queue = new TaskQueue<>(10);
        queue.offer("low", Priority.LOW);
        queue.offer("min", Priority.MIN);
        queue.offer("normal", Priority.NORMAL);
        queue.offer("max", Priority.MAX);
        queue.offer("high", Priority.HIGH);
        queue.offer("low again", Priority.LOW);
        assertThat(queue.size(Priority.LOW)).isEqualTo(2);
        assertThat(queue.size(Priority.MAX)).isEqualTo(1);
        assertThat(drain(queue)).containsExactly("max", "high", "normal", "low", "low again", "min");
        assertThat(queue.size(Priority.LOW)).isZero();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void isFifoWithinAPriority() {
        TaskQueue<String> queue = new TaskQueue<>(10);
        queue.offer("n1", Priority.NORMAL);
        queue.offer("h1", Priority.HIGH);
        queue.offer("n2", Priority.NORMAL);
        queue.offer("h2", Priority.HIGH);
        queue.offer("n3", Priority.NORMAL);
        assertThat(queue.poll()).isEqualTo("h1");
        // A later arrival of higher priority overtakes waiting normal items.
        queue.offer("h3", Priority.HIGH);
        assertThat(drain(queue)).containsExactly("h2", "h3", "n1", "n2", "n3");
    }

    @Test
    void requeueFirstPutsTheItemAtTheHeadOfItsLane() {
        TaskQueue<String> queue = new TaskQueue<>(10);
        queue.offer("n1", Priority.NORMAL);
        queue.offer("h1", Priority.HIGH);
        queue.requeueFirst("n0", Priority.NORMAL);
        assertThat(queue.size()).isEqualTo(3);
        // Ahead of its own lane, still behind a more urgent lane.
        assertThat(drain(queue)).containsExactly("h1", "n0", "n1");
    }

    @Test
    void requeueFirstIgnoresTheBound() {
        TaskQueue<String> queue = new TaskQueue<>(1);
        assertThat(queue.offer("a", Priority.NORMAL)).isTrue();
        queue.requeueFirst("back", Priority.LOW);
        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.isFull()).isTrue();
        assertThat(queue.offer("c", Priority.MAX)).isFalse();
        assertThat(queue.poll()).isEqualTo("a");
        // Still at capacity: the requeued item counts towards the bound.
        assertThat(queue.offer("c", Priority.MAX)).isFalse();
        assertThat(queue.poll()).isEqualTo("back");
        assertThat(queue.offer("c", Priority.MAX)).isTrue();
    }

    @Test
    void drainToEmptiesTheQueueMostUrgentFirst() {
        TaskQueue<String> queue = new TaskQueue<>(10);
        queue.offer("min", Priority.MIN);
        queue.offer("max1", Priority.MAX);
        queue.offer("normal", Priority.NORMAL);
        queue.offer("max2", Priority.MAX);
        assertThat(drain(queue)).containsExactly("max1", "max2", "normal", "min");
        assertThat(queue.size()).isZero();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.poll()).isNull();
        assertThat(drain(queue)).isEmpty();
        assertThat(queue.offer("again", Priority.NORMAL)).isTrue();
    }

    @Test
    void sizeTracksOffersAndPolls() {
        TaskQueue<Integer> queue = new TaskQueue<>(100);
        for (int i = 0; i < 50; i++) {
            queue.offer(i, Priority.values()[i % Priority.values().length]);
        }
        assertThat(queue.size()).isEqualTo(50);
        for (int i = 0; i < 20; i++) {
            assertThat(queue.poll()).isNotNull();
        }
        assertThat(queue.size()).isEqualTo(30);
    }

    @Test
    void capacityZeroAcceptsNothing() {
        TaskQueue<String> queue = new TaskQueue<>(0);
        assertThat(queue.isFull()).isTrue();
        assertThat(queue.isEmpty()).isTrue();
        for (Priority priority : Priority.values()) {
            assertThat(queue.offer("x", priority)).isFalse();
        }
        assertThat(queue.size()).isZero();
        assertThat(queue.poll()).isNull();
        // Work that was already admitted can still be put back.
        queue.requeueFirst("admitted", Priority.NORMAL);
        assertThat(queue.poll()).isEqualTo("admitted");
    }

    @Test
    void aNegativeCapacityIsRefused() {
        assertThatThrownBy(() -> new TaskQueue<String>(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void aWaitingItemCanBeTakenOutAndFreesItsPlace() {
        TaskQueue<String> queue = new TaskQueue<>(2);
        queue.offer("a", Priority.NORMAL);
        queue.offer("b", Priority.HIGH);
        assertThat(queue.remove("a", Priority.HIGH)).as("not in that lane").isFalse();
        assertThat(queue.remove("a", Priority.NORMAL)).isTrue();
        assertThat(queue.remove("a", Priority.NORMAL)).as("only once").isFalse();
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.offer("c", Priority.LOW)).isTrue();
        assertThat(queue.poll()).isEqualTo("b");
        assertThat(queue.poll()).isEqualTo("c");
    }
}

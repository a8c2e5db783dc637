package io.healthkey.backend.support.fakes;

/** An in-memory store that {@link InMemoryTransactions} can roll back. */
public interface Snapshots {

    /** Takes a copy of the state; running the answer puts that copy back. */
    Runnable snapshot();
}

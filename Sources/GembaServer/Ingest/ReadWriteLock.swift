#if canImport(Glibc)
import Glibc
#endif

/// A readers–writer lock (pthread): many readers at once, or one writer. The daemon's
/// flush holds it for writing from draining the engine's changes until they are in the
/// database, so that a query holding it for reading never sees an interval that has
/// left the engine but not yet reached the store.
final class ReadWriteLock: @unchecked Sendable {
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>

    init() {
        lock = .allocate(capacity: 1)
        var attributes = pthread_rwlockattr_t()
        pthread_rwlockattr_init(&attributes)
        // Writers first: a stream of OEE queries must not hold back the next batch for long.
        pthread_rwlockattr_setkind_np(&attributes, Int32(PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP))
        pthread_rwlock_init(lock, &attributes)
        pthread_rwlockattr_destroy(&attributes)
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    func reading<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }

    func writing<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }

    /// Whether a writer could take the lock at this instant (nobody reads or writes it).
    func isFree() -> Bool {
        guard pthread_rwlock_trywrlock(lock) == 0 else { return false }
        pthread_rwlock_unlock(lock)
        return true
    }
}

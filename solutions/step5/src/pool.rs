//! A thread pool for each process, so that decoding still works after
//! `os.fork()`.
//!
//! jxl-oxide decodes on threads. By default it uses rayon's global pool,
//! which is started once and kept for the life of the process. `os.fork()`
//! copies a process's memory but starts the child with one thread only: the
//! pool's bookkeeping is copied and says its threads exist, but none of them
//! runs in the child, so the child's first decode waits for them forever.
//! (`multiprocessing` forks its workers on Linux unless told otherwise.)
//!
//! So we give jxl-oxide a pool of our own (`JxlImageBuilder::pool`) and
//! remember which process built it: a process that finds a pool built by
//! another process (its parent) builds its own.

// ANCHOR: pool
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, PoisonError, TryLockError};

use jxl_oxide::JxlThreadPool;

/// The pool, and the id of the process that built it.
static POOL: Mutex<Option<(u32, JxlThreadPool)>> = Mutex::new(None);
/// The id of the process whose pool `POOL` holds, readable without the lock.
static OWNER: AtomicU32 = AtomicU32::new(0);

/// The thread pool of this process, built on first use in each process.
pub fn jxl_pool() -> JxlThreadPool {
    let pid = std::process::id();
    let guard = if OWNER.load(Ordering::Relaxed) == pid {
        // This process built the pool: whoever holds the lock lets it go soon.
        POOL.lock()
    } else {
        // A forked child (or the first call): the lock is copied as it was at
        // the fork, and a thread that held it then does not exist here to
        // let it go. Never wait for it; decode on this thread instead.
        match POOL.try_lock() {
            Ok(guard) => Ok(guard),
            Err(TryLockError::Poisoned(poisoned)) => Err(poisoned),
            Err(TryLockError::WouldBlock) => return JxlThreadPool::none(),
        }
    };
    let mut slot = guard.unwrap_or_else(PoisonError::into_inner);
    match slot.as_ref() {
        Some((owner, pool)) if *owner == pid => return pool.clone(),
        _ => {}
    }
    // `rayon(None)`: one thread per CPU, or no threads at all if the system
    // will not start them (decoding then runs on the calling thread).
    let pool = JxlThreadPool::rayon(None);
    if let Some(parent) = slot.replace((pid, pool.clone())) {
        // The parent's pool: dropping it would wait for its threads to stop,
        // and they are not in this process. Forget it instead (a few bytes).
        std::mem::forget(parent);
    }
    OWNER.store(pid, Ordering::Relaxed);
    pool
}
// ANCHOR_END: pool

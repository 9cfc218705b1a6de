//! A thread pool for each process, so that decoding and counting still work
//! after `os.fork()`, and a way to stop parallel work early on Ctrl-C: for
//! our own tasks (`map_interruptible`) and for jxl-rs's (`Runner`).
//!
//! rayon's global pool is started once and kept for the life of the process.
//! `os.fork()` copies a process's memory but starts the child with one thread
//! only: the pool's bookkeeping is copied and says its threads exist, but
//! none of them runs in the child, so the child's first parallel job waits
//! for them forever. So every parallel job of this module (ours and
//! jxl-oxide's) runs on a pool of our own, and a process that finds a pool
//! built by another process (its parent) builds its own. Step 2's pool.rs
//! explains the lock; this one holds a rayon pool so that our own `par_iter`
//! calls can run on it too (`ThreadPool::install`).

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, PoisonError, TryLockError};
use std::time::{Duration, Instant};

use jxl::api::{JxlParallelRunner, JxlParallelRunnerFun};
use jxl_oxide::JxlThreadPool;
use rayon::{ThreadPool, ThreadPoolBuilder};

/// The pool, and the id of the process that built it.
static POOL: Mutex<Option<(u32, Arc<ThreadPool>)>> = Mutex::new(None);
/// The id of the process whose pool `POOL` holds, readable without the lock.
static OWNER: AtomicU32 = AtomicU32::new(0);

fn build() -> Arc<ThreadPool> {
    // One thread per CPU, as rayon's global pool has (RAYON_NUM_THREADS
    // overrides it). If the system will not start threads, rayon's global
    // pool panics too; there is nothing sensible to fall back on.
    Arc::new(
        ThreadPoolBuilder::new()
            .build()
            .expect("cannot start the decoding threads"),
    )
}

/// The thread pool of this process, built on first use in each process.
pub fn pool() -> Arc<ThreadPool> {
    let pid = std::process::id();
    let guard = if OWNER.load(Ordering::Relaxed) == pid {
        POOL.lock()
    } else {
        // A forked child (or the first call): the lock may have been held at
        // the fork by a thread that does not exist here. Never wait for it:
        // a pool of our own for this call is slower, but it finishes.
        match POOL.try_lock() {
            Ok(guard) => Ok(guard),
            Err(TryLockError::Poisoned(poisoned)) => Err(poisoned),
            Err(TryLockError::WouldBlock) => return build(),
        }
    };
    let mut slot = guard.unwrap_or_else(PoisonError::into_inner);
    match slot.as_ref() {
        Some((owner, pool)) if *owner == pid => return Arc::clone(pool),
        _ => {}
    }
    let pool = build();
    if let Some(parent) = slot.replace((pid, Arc::clone(&pool))) {
        // The parent's pool: dropping it would wait for its threads to stop,
        // and they are not in this process. Forget it instead.
        std::mem::forget(parent);
    }
    OWNER.store(pid, Ordering::Relaxed);
    pool
}

/// How a `map_interruptible` tells its running tasks to stop: a flag that
/// jxl-rs's runner reads between groups of pixels, and what the tasks asked
/// to be done when it is set (`on_stop`).
#[derive(Default)]
struct Stop {
    requested: AtomicBool,
    hooks: Mutex<Vec<Box<dyn FnOnce() + Send>>>,
}

impl Stop {
    fn request(&self) {
        self.requested.store(true, Ordering::Relaxed);
        let hooks = std::mem::take(&mut *self.hooks.lock().unwrap_or_else(PoisonError::into_inner));
        hooks.into_iter().for_each(|hook| hook());
    }
}

thread_local! {
    /// The `Stop` of the `map_interruptible` whose task this thread runs, if
    /// any: so that Ctrl-C also stops the images already being decoded, not
    /// only those not started.
    static STOP: RefCell<Option<Arc<Stop>>> = const { RefCell::new(None) };
}

/// Whether the `map_interruptible` this thread works for was told to stop.
fn stop_requested() -> bool {
    STOP.with(|stop| {
        stop.borrow()
            .as_ref()
            .is_some_and(|stop| stop.requested.load(Ordering::Relaxed))
    })
}

/// Have `hook` run if the `map_interruptible` whose task this thread runs is
/// told to stop (at once, if it was already). jxl-oxide has no way to be
/// stopped: decode.rs uses this to take its memory allowance away instead.
pub fn on_stop(hook: impl FnOnce() + Send + 'static) {
    let Some(stop) = STOP.with(|stop| stop.borrow().clone()) else {
        return;
    };
    let mut hooks = stop.hooks.lock().unwrap_or_else(PoisonError::into_inner);
    if stop.requested.load(Ordering::Relaxed) {
        drop(hooks);
        hook();
    } else {
        hooks.push(Box::new(hook));
    }
}

/// Run `task` with `stop` as this thread's, and put the previous one back
/// afterwards, even if `task` panics.
fn with_stop<T>(stop: &Arc<Stop>, task: impl FnOnce() -> T) -> T {
    struct Restore(Option<Arc<Stop>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            STOP.with(|stop| *stop.borrow_mut() = self.0.take());
        }
    }
    let _restore = Restore(STOP.with(|current| current.replace(Some(Arc::clone(stop)))));
    task()
}

/// The same pool, in the form jxl-oxide takes (`JxlImageBuilder::pool`).
pub fn jxl_pool() -> JxlThreadPool {
    JxlThreadPool::with_rayon_thread_pool(pool())
}

// ANCHOR: map_interruptible
/// How often the calling thread asks whether to stop.
const CHECK_EVERY: Duration = Duration::from_millis(50);

/// `task(0)`, `task(1)`, ... `task(count - 1)` on this process's pool, the
/// results in order. Meanwhile the calling thread calls `interrupted` about
/// every 50 ms; once it returns true, no further task starts, the running
/// ones are told to stop (a decode by jxl-rs stops between two groups of
/// pixels, one by jxl-oxide at its next allocation) and waited for, and the
/// result is `None`.
pub fn map_interruptible<T: Send>(
    count: usize,
    task: impl Fn(usize) -> T + Sync,
    mut interrupted: impl FnMut() -> bool,
) -> Option<Vec<T>> {
    let stop = Arc::new(Stop::default());
    let (sender, receiver) = mpsc::channel();
    // `in_place_scope` runs this closure on the calling thread, and returns
    // only when every task spawned in it has finished: the tasks may borrow
    // `task`, `stop` and whatever the caller lent us.
    pool().in_place_scope(|scope| {
        for index in 0..count {
            let (sender, task, stop) = (sender.clone(), &task, &stop);
            scope.spawn(move |_| {
                if !stop.requested.load(Ordering::Relaxed) {
                    // The receiver is gone only if we stopped: nothing to do.
                    let _ = sender.send((index, with_stop(stop, || task(index))));
                }
            });
        }
        drop(sender); // the channel closes when the last task is done
        let mut results: Vec<Option<T>> = (0..count).map(|_| None).collect();
        let mut last_check = Instant::now();
        loop {
            match receiver.recv_timeout(CHECK_EVERY) {
                Ok((index, result)) => results[index] = Some(result),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
            if last_check.elapsed() >= CHECK_EVERY {
                last_check = Instant::now();
                if interrupted() {
                    stop.request();
                    return None;
                }
            }
        }
        results.into_iter().collect()
    })
}
// ANCHOR_END: map_interruptible

// ANCHOR: runner
/// jxl-rs's parallel runner: jxl-rs cuts a frame into groups of pixels and
/// hands us `fun` and how many groups there are; we run `fun(0)`, `fun(1)`,
/// ... on this process's pool. The calling thread takes groups too, and
/// between two of its groups it asks `interrupted` (when there is one) whether
/// to stop, about every 50 ms: that is how Ctrl-C stops a single long decode.
pub struct Runner<'a> {
    pool: Arc<ThreadPool>,
    interrupted: Option<&'a mut dyn FnMut() -> bool>,
    /// Set once `interrupted` said yes: every later call fails at once.
    stopped: bool,
    /// The most threads it uses (`one_thread`); the pool's, unless lowered.
    most: usize,
}

impl<'a> Runner<'a> {
    /// A runner on this process's pool. `interrupted` is for the thread that
    /// can see Ctrl-C (Python's main thread); pass `None` elsewhere.
    pub fn new(interrupted: Option<&'a mut dyn FnMut() -> bool>) -> Self {
        Runner {
            pool: pool(),
            interrupted,
            stopped: false,
            most: usize::MAX,
        }
    }

    /// Run every task on the calling thread, still looking for Ctrl-C: for
    /// the images jxl-rs 0.8 decodes differently from run to run on several
    /// threads (`direct::needs_one_thread`).
    pub fn one_thread(&mut self) {
        self.most = 1;
    }

    /// Whether the work stopped because `interrupted` said so.
    pub fn was_interrupted(&self) -> bool {
        self.stopped
    }
}

/// The error our runner returns to jxl-rs to make it stop: jxl-rs passes it
/// back to its caller, who asks `was_interrupted` what it meant.
fn stop_error() -> jxl::error::Error {
    std::io::Error::from(std::io::ErrorKind::Interrupted).into()
}

impl JxlParallelRunner for Runner<'_> {
    fn num_threads(&self) -> usize {
        self.pool.current_num_threads().min(self.most)
    }

    fn run(&mut self, num: usize, fun: &JxlParallelRunnerFun<'_>) -> jxl::error::Result<()> {
        self.run_ordered(num, None, fun)
    }

    fn run_ordered(
        &mut self,
        num: usize,
        max_threads: Option<usize>,
        fun: &JxlParallelRunnerFun<'_>,
    ) -> jxl::error::Result<()> {
        if self.stopped {
            return Err(stop_error());
        }
        // As many threads as the pool has (RAYON_NUM_THREADS), the calling
        // thread being one of them: with 1, everything runs right here.
        let threads = max_threads
            .unwrap_or(usize::MAX)
            .min(self.num_threads())
            .clamp(1, num.max(1));
        // Each thread takes the next group not yet taken, in order, until
        // none is left or one of them fails; the first error is kept.
        let next = AtomicUsize::new(0);
        let failed = AtomicBool::new(false);
        let first_error = Mutex::new(None);
        let fail = |error| {
            failed.store(true, Ordering::Relaxed);
            first_error
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get_or_insert(error);
        };
        let take = || {
            let index = next.fetch_add(1, Ordering::Relaxed);
            (index < num && !failed.load(Ordering::Relaxed)).then_some(index)
        };
        let interrupted = &mut self.interrupted;
        let mut stopped = false;
        self.pool.in_place_scope(|scope| {
            for _ in 1..threads {
                scope.spawn(|_| {
                    while let Some(index) = take() {
                        if let Err(error) = fun(index) {
                            fail(error);
                        }
                    }
                });
            }
            let mut last_check = Instant::now();
            while let Some(index) = take() {
                if let Err(error) = fun(index) {
                    fail(error);
                }
                // Inside `map_interruptible` (`decode_many`), its stop flag.
                if stop_requested() {
                    stopped = true;
                    fail(stop_error());
                }
                if let Some(interrupted) = interrupted.as_mut()
                    && last_check.elapsed() >= CHECK_EVERY
                {
                    last_check = Instant::now();
                    if interrupted() {
                        stopped = true;
                        fail(stop_error());
                    }
                }
            }
        });
        self.stopped = stopped;
        match first_error
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
        {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}
// ANCHOR_END: runner

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_order() {
        let squares = map_interruptible(100, |i| i * i, || false).unwrap();
        assert_eq!(squares, (0..100).map(|i| i * i).collect::<Vec<_>>());
    }

    #[test]
    fn an_interruption_stops_the_tasks_not_yet_started() {
        let started = std::sync::atomic::AtomicUsize::new(0);
        let result = map_interruptible(
            1000,
            |_| {
                started.fetch_add(1, Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(20));
            },
            || true,
        );
        assert!(result.is_none());
        assert!(started.load(Ordering::Relaxed) < 1000);
    }
}

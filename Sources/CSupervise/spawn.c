// The fork → exec child path. Between fork and exec only async-signal-safe calls are made:
// sigprocmask, dup2, fcntl, close, setsid, execv, write, _exit. No allocation, no stdio.
#define _GNU_SOURCE
#include "csupervise.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

/// Puts `fd` at number `target` in the child; clears close-on-exec when already there.
static int install_fd(int fd, int target) {
    if (fd < 0) return 0;
    if (fd == target) {
        int flags = fcntl(fd, F_GETFD);
        if (flags < 0) return -1;
        return fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC);
    }
    return dup2(fd, target) < 0 ? -1 : 0;
}

static void child_fail(int report_fd) {
    int e = errno;
    ssize_t w;
    if (report_fd >= 0) {
        do { w = write(report_fd, &e, sizeof e); } while (w < 0 && errno == EINTR);
    }
    _exit(127);
}

pid_t csupervise_spawn(const char *path, char *const argv[], const csupervise_spawn_fds *fds,
                       int wait_for_exec, int *exec_errno) {
    int report[2] = {-1, -1};
    *exec_errno = 0;
    if (wait_for_exec && pipe2(report, O_CLOEXEC) < 0) return -1;

    sigset_t all, old;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        sigprocmask(SIG_SETMASK, &old, 0);
        if (wait_for_exec) { close(report[0]); close(report[1]); }
        errno = e;
        return -1;
    }
    if (pid == 0) {
        if (wait_for_exec) close(report[0]);
        // The notification descriptor may collide with 0-2: install it last only if it does
        // not; move it out of the way first otherwise.
        int notify = fds->notify_fd;
        if (notify >= 0 && notify <= 2 && notify != fds->notify_target) {
            notify = fcntl(notify, F_DUPFD_CLOEXEC, 3);
            if (notify < 0) child_fail(report[1]);
        }
        if (install_fd(fds->stdin_fd, 0) < 0) child_fail(report[1]);
        if (install_fd(fds->stdout_fd, 1) < 0) child_fail(report[1]);
        if (install_fd(fds->stderr_fd, 2) < 0) child_fail(report[1]);
        if (notify >= 0 && install_fd(notify, fds->notify_target) < 0) child_fail(report[1]);
        if (setsid() < 0) child_fail(report[1]);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, 0);
        execv(path, argv);
        child_fail(report[1]);
    }
    sigprocmask(SIG_SETMASK, &old, 0);
    if (!wait_for_exec) return pid;
    close(report[1]);
    int child_errno = 0;
    ssize_t got;
    do { got = read(report[0], &child_errno, sizeof child_errno); } while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got != 0) {
        // got > 0: exec failed in the child; got < 0: we cannot tell, so kill it.
        int read_errno = errno;
        if (got < 0) kill(pid, SIGKILL);
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        if (got < 0) { errno = read_errno; return -1; }
        *exec_errno = child_errno ? child_errno : EIO;
        return 0;
    }
    return pid;
}

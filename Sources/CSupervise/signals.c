// Signal-mask and disposition helpers: sigset_t manipulation and signalfd are macro-heavy.
#define _GNU_SOURCE
#include "csupervise.h"
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

int csupervise_signalfd_open(const int *signals, int count) {
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < count; i++) sigaddset(&set, signals[i]);
    if (sigprocmask(SIG_BLOCK, &set, 0) < 0) return -1;
    return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

int csupervise_signalfd_read(int fd) {
    struct signalfd_siginfo info;
    ssize_t r;
    do { r = read(fd, &info, sizeof info); } while (r < 0 && errno == EINTR);
    if (r < 0) return errno == EAGAIN ? 0 : -1;
    if (r != sizeof info) { errno = EIO; return -1; }
    return (int)info.ssi_signo;
}

static void do_nothing(int signal) { (void)signal; }

int csupervise_install_noop_handler(int signal) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = do_nothing;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return sigaction(signal, &action, 0);
}

int csupervise_default_handler(int signal) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    return sigaction(signal, &action, 0);
}

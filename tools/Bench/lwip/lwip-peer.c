/*
 * A TCP discard server (port 9) on Debian's lwIP 2.1.3 (liblwip-dev), attached to an existing TAP interface through a
 * netif of our own: Debian's tapif corrupts its heap on frames over 592 bytes. The bench runs it inside a network
 * namespace and sends to it from the kernel, beside our simulator, to compare receive throughput at equal windows
 * (Debian's lwipopts: TCP_WND 0xFFFF, window scaling on).
 *
 *   lwip-peer IFNAME ADDR SECONDS      e.g. lwip-peer tap0 10.0.0.2 60
 *
 * Prints "lwip: running" once it listens, and "lwip: discarded N bytes" for each connection that ends.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "lwip/etharp.h"
#include "lwip/init.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/tcp.h"
#include "lwip/tcpip.h"
#include "netif/ethernet.h"

static int tap_fd = -1;
static struct netif tap_netif;

/* Our link output: one frame, the pbuf chain flattened into one write(2). */
static err_t tap_link_output(struct netif *netif, struct pbuf *p)
{
    unsigned char frame[1600];
    (void)netif;
    if (p->tot_len > sizeof frame) {
        return ERR_IF;
    }
    pbuf_copy_partial(p, frame, p->tot_len, 0);
    if (write(tap_fd, frame, p->tot_len) != (ssize_t)p->tot_len) {
        return ERR_IF;
    }
    return ERR_OK;
}

static err_t tap_netif_init(struct netif *netif)
{
    static const unsigned char mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x03 };
    netif->name[0] = 't';
    netif->name[1] = 'p';
    netif->output = etharp_output;
    netif->linkoutput = tap_link_output;
    netif->mtu = 1500;
    netif->hwaddr_len = 6;
    memcpy(netif->hwaddr, mac, 6);
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET | NETIF_FLAG_LINK_UP;
    return ERR_OK;
}

/* Frames from the TAP go to the tcpip thread (tcpip_input, the netif's input). */
static void *tap_reader(void *arg)
{
    unsigned char frame[2048];
    (void)arg;
    for (;;) {
        ssize_t n = read(tap_fd, frame, sizeof frame);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) {
                continue;
            }
            return NULL;
        }
        /* One PBUF_RAM buffer per frame. With PBUF_POOL (a chain of pool buffers) full-size frames corrupted the
         * heap here just as Debian's tapif does ("malloc(): unaligned fastbin chunk detected"). */
        struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)n, PBUF_RAM);
        if (p == NULL) {
            continue;
        }
        pbuf_take(p, frame, (u16_t)n);
        if (tap_netif.input(p, &tap_netif) != ERR_OK) {
            pbuf_free(p);
        }
    }
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
    unsigned long *count = arg;
    (void)err;
    if (p == NULL) {
        printf("lwip: discarded %lu bytes\n", *count);
        fflush(stdout);
        free(count);
        tcp_arg(pcb, NULL);
        tcp_recv(pcb, NULL);
        tcp_close(pcb);
        return ERR_OK;
    }
    *count += p->tot_len;
    tcp_recved(pcb, p->tot_len);
    pbuf_free(p);
    return ERR_OK;
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
    (void)arg;
    if (err != ERR_OK || pcb == NULL) {
        return ERR_VAL;
    }
    unsigned long *count = calloc(1, sizeof *count);
    tcp_arg(pcb, count);
    tcp_recv(pcb, on_recv);
    return ERR_OK;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: lwip-peer IFNAME ADDR SECONDS\n");
        return 2;
    }
    tap_fd = open("/dev/net/tun", O_RDWR);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    strncpy(ifr.ifr_name, argv[1], IFNAMSIZ - 1);
    if (tap_fd < 0 || ioctl(tap_fd, TUNSETIFF, &ifr) < 0) {
        perror("lwip-peer: TAP");
        return 1;
    }
    ip4_addr_t address, mask, gateway;
    if (!ip4addr_aton(argv[2], &address)) {
        fprintf(stderr, "lwip-peer: bad address %s\n", argv[2]);
        return 2;
    }
    IP4_ADDR(&mask, 255, 255, 255, 0);
    ip4_addr_set_zero(&gateway);

    tcpip_init(NULL, NULL);
    LOCK_TCPIP_CORE();
    netif_add(&tap_netif, &address, &mask, &gateway, NULL, tap_netif_init, tcpip_input);
    netif_set_default(&tap_netif);
    netif_set_up(&tap_netif);
    struct tcp_pcb *listener = tcp_new();
    if (listener == NULL || tcp_bind(listener, IP_ANY_TYPE, 9) != ERR_OK) {
        UNLOCK_TCPIP_CORE();
        fprintf(stderr, "lwip-peer: cannot listen on 9\n");
        return 1;
    }
    listener = tcp_listen(listener);
    tcp_accept(listener, on_accept);
    UNLOCK_TCPIP_CORE();

    pthread_t reader;
    pthread_create(&reader, NULL, tap_reader, NULL);
    printf("lwip: running, %s on %s, discard on 9\n", argv[2], argv[1]);
    fflush(stdout);
    sleep((unsigned)atoi(argv[3]));
    return 0;
}

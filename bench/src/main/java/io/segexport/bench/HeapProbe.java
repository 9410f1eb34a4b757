package io.segexport.bench;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The heap of another JVM on this machine, through the Attach API and its local management agent:
 * the peak use of its heap pools since the last reset.
 */
final class HeapProbe implements AutoCloseable {
    private final JMXConnector connector;
    private final MBeanServerConnection server;

    private HeapProbe(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
    }

    static HeapProbe attach(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
        try {
            return new HeapProbe(JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent())));
        } finally {
            vm.detach();
        }
    }

    /** Collects garbage, then starts the peaks over from what is live now. */
    void resetPeak() throws IOException {
        ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class)
                .gc();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** The sum of the heap pools' peaks since the reset, in bytes. */
    long peakHeap() throws IOException {
        return heapPools().stream()
                .mapToLong(pool -> pool.getPeakUsage().getUsed())
                .sum();
    }

    /** The most heap the JVM may use (-Xmx), in bytes. */
    long maxHeap() throws IOException {
        return ManagementFactory.newPlatformMXBeanProxy(
                        server, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class)
                .getHeapMemoryUsage()
                .getMax();
    }

    private List<MemoryPoolMXBean> heapPools() throws IOException {
        return ManagementFactory.getPlatformMXBeans(server, MemoryPoolMXBean.class).stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .toList();
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}

/// What `org.varlink.service.GetInfo` reports about the service.
public struct VarlinkServiceInfo: Sendable, Hashable, Codable {
    public var vendor: String
    public var product: String
    public var version: String
    public var url: String

    public init(vendor: String, product: String, version: String, url: String) {
        self.vendor = vendor
        self.product = product
        self.version = version
        self.url = url
    }
}

/// The reply of `org.varlink.service.GetInfo`: the service info and the names of all interfaces
/// the service provides, `org.varlink.service` first.
public struct VarlinkServiceDescription: Sendable, Hashable, Codable {
    public var vendor: String
    public var product: String
    public var version: String
    public var url: String
    public var interfaces: [String]

    public init(info: VarlinkServiceInfo, interfaces: [String]) {
        self.vendor = info.vendor
        self.product = info.product
        self.version = info.version
        self.url = info.url
        self.interfaces = interfaces
    }
}

/// The standard interface every Varlink service provides.
public enum VarlinkServiceInterface {
    /// `org.varlink.service`.
    public static let name = "org.varlink.service"

    /// The interface definition, as published on varlink.org.
    public static let description = """
        # The Varlink Service Interface is provided by every varlink service. It
        # describes the service and the interfaces it implements.
        interface org.varlink.service

        # Get a list of all the interfaces a service provides and information
        # about the implementation.
        method GetInfo() -> (
          vendor: string,
          product: string,
          version: string,
          url: string,
          interfaces: []string
        )

        # Get the description of an interface that is implemented by this service.
        method GetInterfaceDescription(interface: string) -> (description: string)

        # The requested interface was not found.
        error InterfaceNotFound (interface: string)

        # The requested method was not found
        error MethodNotFound (method: string)

        # The interface defines the requested method, but the service does not
        # implement it.
        error MethodNotImplemented (method: string)

        # One of the passed parameters is invalid.
        error InvalidParameter (parameter: string)

        """
}

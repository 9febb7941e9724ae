// The ERP's own tables. Property names follow SAP S/4HANA's public APIs so the same mapping
// works against this host and a real S/4 system.
namespace erp;

entity SalesOrders {
  key SalesOrder          : String(10);
      SalesOrderType      : String(4);
      SalesOrganization   : String(4);
      DistributionChannel : String(2);
      OrganizationDivision: String(2);
      SoldToParty         : String(10);
      PurchaseOrderByCustomer : String(35);
      SalesOrderDate      : Date;
      RequestedDeliveryDate : Date;
      TotalNetAmount      : Decimal(15, 2);
      TransactionCurrency : String(5);
      OverallDeliveryStatus : String(1);
      to_Item             : Composition of many SalesOrderItems on to_Item.SalesOrder = SalesOrder;
}

entity SalesOrderItems {
  key SalesOrder          : String(10);
  key SalesOrderItem      : String(6);
      Material            : String(40);
      SalesOrderItemText  : String(40);
      RequestedQuantity   : Decimal(13, 3);
      RequestedQuantityUnit : String(3);
      NetAmount           : Decimal(15, 2);
      TransactionCurrency : String(5);
}

entity CustomerReturns {
  key CustomerReturn      : String(10);
      CustomerReturnType  : String(4);
      SalesOrganization   : String(4);
      DistributionChannel : String(2);
      OrganizationDivision: String(2);
      SoldToParty         : String(10);
      PurchaseOrderByCustomer : String(35);
      ReferenceSDDocument : String(10);
      SDDocumentReason    : String(3);
      CustomerReturnDate  : Date;
      CreationDate        : Date;
      SalesDocApprovalStatus : String(1);
      to_Item             : Composition of many CustomerReturnItems on to_Item.CustomerReturn = CustomerReturn;
}

entity CustomerReturnItems {
  key CustomerReturn      : String(10);
  key CustomerReturnItem  : String(6);
      Material            : String(40);
      CustomerReturnItemText : String(40);
      RequestedQuantity   : Decimal(13, 3);
      RequestedQuantityUnit : String(3);
      ReturnReason        : String(3);
      ReferenceSDDocument : String(10);
      ReferenceSDDocumentItem : String(6);
}

entity CreditMemoRequests {
  key CreditMemoRequest   : String(10);
      CreditMemoRequestType : String(4);
      SalesOrganization   : String(4);
      DistributionChannel : String(2);
      OrganizationDivision: String(2);
      SoldToParty         : String(10);
      PurchaseOrderByCustomer : String(35);
      ReferenceSDDocument : String(10);
      SDDocumentReason    : String(3);
      CreditMemoRequestDate : Date;
      CreationDate        : Date;
      TotalNetAmount      : Decimal(15, 2);
      TransactionCurrency : String(5);
      to_Item             : Composition of many CreditMemoRequestItems on to_Item.CreditMemoRequest = CreditMemoRequest;
}

entity CreditMemoRequestItems {
  key CreditMemoRequest   : String(10);
  key CreditMemoRequestItem : String(6);
      Material            : String(40);
      CreditMemoRequestItemText : String(40);
      RequestedQuantity   : Decimal(13, 3);
      RequestedQuantityUnit : String(3);
      NetAmount           : Decimal(15, 2);
      TransactionCurrency : String(5);
}

entity BusinessPartners {
  key BusinessPartner     : String(10);
      Customer            : String(10);
      BusinessPartnerFullName : String(81);
      BusinessPartnerCategory : String(1);
}

entity Customers {
  key Customer            : String(10);
      CustomerName        : String(80);
      CustomerFullName    : String(220);
      Country             : String(3);
      Region              : String(3);
}

entity Products {
  key Product             : String(40);
      ProductType         : String(4);
      BaseUnit            : String(3);
      to_Description      : Composition of many ProductDescriptions on to_Description.Product = Product;
}

entity ProductDescriptions {
  key Product             : String(40);
  key Language            : String(2);
      ProductDescription  : String(40);
}

entity BillingDocuments {
  key BillingDocument     : String(10);
      SoldToParty         : String(10);
      BillingDocumentDate : Date;
      TotalNetAmount      : Decimal(15, 2);
      TransactionCurrency : String(5);
}

// S/4 has no standard API for these two: a customer's own Z service, as SAP projects do.
entity SerialNumberWarranties {
  key SerialNumber        : String(30);
      Material            : String(40);
      WarrantyEndDate     : Date;
      ServiceContract     : String(10);
      ServiceContractEndDate : Date;
}

entity PenaltyDeductions {
  key PenaltyDeduction    : String(10);
      ExternalReference   : String(40);
      Employee            : String(8);
      PayrollPeriod       : String(7);
      DeductionAmount     : Decimal(15, 2);
      Currency            : String(5);
      DeductionReason     : String(80);
}

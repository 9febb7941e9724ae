// Services named and shaped like SAP S/4HANA's public APIs; each is served as OData V4 under
// /odata/v4/<kebab-name> and as V2 at the SAP Gateway path /sap/opu/odata/sap/<NAME>.
using { erp } from '../db/schema';

@protocol: [{ kind: 'odata', path: 'api-sales-order-srv' }, { kind: 'odata-v2', path: '/sap/opu/odata/sap/API_SALES_ORDER_SRV' }]
service API_SALES_ORDER_SRV {
  entity A_SalesOrder as projection on erp.SalesOrders { *, to_Item : redirected to A_SalesOrderItem };
  entity A_SalesOrderItem as projection on erp.SalesOrderItems;
}

@protocol: [{ kind: 'odata', path: 'api-customer-return-srv' }, { kind: 'odata-v2', path: '/sap/opu/odata/sap/API_CUSTOMER_RETURN_SRV' }]
service API_CUSTOMER_RETURN_SRV {
  @erp.numberRange: 60000000
  entity A_CustomerReturn as projection on erp.CustomerReturns { *, to_Item : redirected to A_CustomerReturnItem };
  entity A_CustomerReturnItem as projection on erp.CustomerReturnItems;
}

@protocol: [{ kind: 'odata', path: 'api-credit-memo-request-srv' }, { kind: 'odata-v2', path: '/sap/opu/odata/sap/API_CREDIT_MEMO_REQUEST_SRV' }]
service API_CREDIT_MEMO_REQUEST_SRV {
  @erp.numberRange: 70000000
  entity A_CreditMemoRequest as projection on erp.CreditMemoRequests { *, to_Item : redirected to A_CreditMemoRequestItem };
  entity A_CreditMemoRequestItem as projection on erp.CreditMemoRequestItems;
}

@protocol: [{ kind: 'odata', path: 'api-business-partner' }, { kind: 'odata-v2', path: '/sap/opu/odata/sap/API_BUSINESS_PARTNER' }]
service API_BUSINESS_PARTNER {
  @readonly entity A_BusinessPartner as projection on erp.BusinessPartners;
  @readonly entity A_Customer as projection on erp.Customers;
}

@protocol: [{ kind: 'odata', path: 'api-product-srv' }, { kind: 'odata-v2', path: '/sap/opu/odata/sap/API_PRODUCT_SRV' }]
service API_PRODUCT_SRV {
  @readonly entity A_Product as projection on erp.Products { *, to_Description : redirected to A_ProductDescription };
  @readonly entity A_ProductDescription as projection on erp.ProductDescriptions;
}

@protocol: [{ kind: 'odata', path: 'api-billing-document-srv' }, { kind: 'odata-v2', path: '/sap/opu/odata/sap/API_BILLING_DOCUMENT_SRV' }]
service API_BILLING_DOCUMENT_SRV {
  @readonly entity A_BillingDocument as projection on erp.BillingDocuments;
}

@protocol: [{ kind: 'odata', path: 'zaftersales-srv' }, { kind: 'odata-v2', path: '/sap/opu/odata/sap/ZAFTERSALES_SRV' }]
service ZAFTERSALES_SRV {
  @readonly entity ZA_SerialNumberWarranty as projection on erp.SerialNumberWarranties;
  @erp.numberRange: 80000000
  entity ZA_PenaltyDeduction as projection on erp.PenaltyDeductions;
}

// The CAP host's SAP-like behaviour: loopback only, the SAP Gateway CSRF handshake on V2,
// optional Basic auth, server-assigned document numbers, and an optional file database that
// survives a restart.
const cds = require('@sap/cds')
const crypto = require('node:crypto')
const fs = require('node:fs')

const HOST = process.env.CAP_HOST_BIND || '127.0.0.1'
const DB_FILE = process.env.CAP_HOST_DB // a file keeps the data across a restart
const USER = process.env.CAP_HOST_USER
const PASSWORD = process.env.CAP_HOST_PASSWORD || ''
const freshDb = DB_FILE ? !fs.existsSync(DB_FILE) : false
if (DB_FILE) cds.env.requires.db = { ...cds.env.requires.db, credentials: { url: DB_FILE } }

// Runs before the V2 adapter's own bootstrap middleware so V2 requests meet the CSRF check first.
cds.prependListener('bootstrap', (app) => {
  const listen = app.listen.bind(app)
  app.listen = (port, ...rest) => listen(port, HOST, ...rest)

  // SAP ties a CSRF token to the session cookie: fetch both with a GET, send both on writes.
  const sessions = new Map()
  app.use('/sap/opu/odata', (req, res, next) => {
    if (USER) {
      const expected = 'Basic ' + Buffer.from(`${USER}:${PASSWORD}`).toString('base64')
      if (req.headers.authorization !== expected) return res.status(401).set('www-authenticate', 'Basic realm="SAP NetWeaver"').type('text/plain').send('Logon failed')
    }
    const sid = /(?:^|;\s*)SAP_SESSIONID_ERP=([^;]+)/.exec(req.headers.cookie || '')?.[1]
    const asked = req.headers['x-csrf-token']
    if (asked && asked.toLowerCase() === 'fetch') {
      const session = sid && sessions.has(sid) ? sid : crypto.randomBytes(12).toString('hex')
      const token = crypto.randomBytes(18).toString('base64')
      sessions.set(session, token)
      res.set('x-csrf-token', token)
      res.cookie('SAP_SESSIONID_ERP', session, { httpOnly: true, path: '/' })
    }
    if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method) && (!sid || !asked || sessions.get(sid) !== asked)) {
      return res.status(403).set('x-csrf-token', 'Required').type('text/plain').send('CSRF token validation failed')
    }
    next()
  })
})

cds.on('served', async (services) => {
  if (DB_FILE && freshDb) await cds.deploy(cds.model).to(cds.db)
  for (const srv of Object.values(services)) {
    for (const entity of Object.values(srv.entities || {})) {
      const start = entity['@erp.numberRange']
      if (start === undefined) continue
      const [key] = Object.keys(entity.keys).filter((k) => !entity.keys[k].isAssociation)
      // Document numbers come from the ERP's number range, as in S/4 (CustomerReturn 60000001…).
      srv.before('CREATE', entity, async (req) => {
        if (!req.data[key]) {
          const row = await SELECT.one.from(entity).columns(`max(${key}) as max`)
          req.data[key] = String(Math.max(Number.parseInt(row?.max, 10) || 0, Number(start)) + 1)
        }
        numberItems(entity, req.data)
        if ('CreationDate' in entity.elements && !req.data.CreationDate) req.data.CreationDate = new Date().toISOString().slice(0, 10)
      })
    }
  }
})

// Items are numbered 10, 20, … and inherit the header key, as S/4 does in a deep insert.
function numberItems(entity, data) {
  for (const [name, comp] of Object.entries(entity.compositions || {})) {
    const rows = data[name]
    if (!Array.isArray(rows)) continue
    const parentKeys = Object.keys(entity.keys)
    const own = Object.keys(comp._target.keys).filter((k) => !parentKeys.includes(k) && !comp._target.keys[k].isAssociation)
    rows.forEach((row, i) => {
      for (const k of parentKeys) row[k] = data[k]
      for (const k of own) if (!row[k]) row[k] = String((i + 1) * 10)
    })
  }
}

module.exports = cds.server

# One image for every linewatch service; the command picks the service
# (docker-compose.yml): broker, analytics, dashboard, gateway, replay, start.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts off: `prepare` builds, and the sources are not copied yet.
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/config ./config
# The dashboard's page: index.html, styles and icon are served from the
# source folder (dashboard/web-assets.ts); its compiled modules are in dist.
COPY --from=build /app/dashboard/web/public ./dashboard/web/public
RUN mkdir -p /data && chown node:node /data
USER node
# Absolute: a service may run in another working directory (analytics keeps its checkpoint in /data).
ENTRYPOINT ["node", "/app/bin/linewatch.js"]
CMD ["--help"]
